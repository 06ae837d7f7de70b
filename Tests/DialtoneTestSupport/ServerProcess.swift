public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built `dialtone-server` binary, started as a user starts it (`--sandbox --port 0 …`),
/// for tests that drive the real process over HTTP.
public final class ServerProcess: Sendable {
    let child: Spawned
    /// The port it listens on.
    public let port: Int

    /// Why a process could not be used.
    public enum Failure: Error, CustomStringConvertible {
        case didNotStart(String)
        case noBinary
        case didNotStop
        case curl(Int32)

        /// A sentence for the test report.
        public var description: String {
            switch self {
            case .didNotStart(let output): "dialtone-server did not start: \(output)"
            case .noBinary: "no dialtone-server binary next to the tests"
            case .didNotStop: "dialtone-server did not stop within 15 s of SIGTERM"
            case .curl(let status): "curl exited \(status)"
            }
        }
    }

    /// Starts the binary in sandbox mode on a free port with `database`, and waits (at most 30 s)
    /// for its "listening" line.
    public init(
        database: String, extraArguments: [String] = [], environment: [String: String] = [:]
    ) async throws {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        child = try Spawned.start(
            try Self.binary().path, ["--sandbox", "--port", "0", "--database", database] + extraArguments,
            environment: env)
        let line = await child.read(until: { $0.contains("\n") }, deadline: Date().addingTimeInterval(30))
        guard let range = line.range(of: "127.0.0.1:"),
            let port = Int(line[range.upperBound...].prefix { $0.isNumber })
        else {
            Glibc.kill(child.pid, SIGKILL)
            child.wait()
            throw Failure.didNotStart(line)
        }
        self.port = port
    }

    /// Sends SIGTERM and returns the exit status (at most 15 s later).
    public func stop() async throws -> Int32 {
        Glibc.kill(child.pid, SIGTERM)
        for _ in 0..<150 {
            if let status = child.poll() { return status }
            try await Task.sleep(for: .milliseconds(100))
        }
        Glibc.kill(child.pid, SIGKILL)
        child.wait()
        throw Failure.didNotStop
    }

    /// A server a failed test never stopped is killed: `waitpid` with `WNOHANG` answers 0 only for
    /// a child of this process that is still running, so a reaped (and maybe reused) pid is never
    /// signalled.
    deinit {
        var status: Int32 = 0
        if waitpid(child.pid, &status, WNOHANG) == 0 {
            Glibc.kill(child.pid, SIGKILL)
            child.wait()
        }
    }

    /// Kills the process at once (SIGKILL), as a crash or an out-of-memory kill would.
    public func kill() {
        Glibc.kill(child.pid, SIGKILL)
        child.wait()
    }

    /// `http://127.0.0.1:PORT`.
    public var base: String { "http://127.0.0.1:\(port)" }

    /// The `dialtone-server` executable in the build folder of the running tests.
    public static func binary() throws -> URL {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("dialtone-server")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw Failure.noBinary
    }

    /// A path for a new SQLite file in a new temporary folder.
    public static func temporaryDatabase() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dialtone-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("live.sqlite").path
    }

    /// Runs curl (silent, `maximumSeconds` at most) and returns its standard output.
    public static func curl(_ arguments: [String], maximumSeconds: Int = 10) async throws -> String {
        let child = try Spawned.start(
            "/usr/bin/curl", ["--silent", "--show-error", "--max-time", "\(maximumSeconds)"] + arguments)
        let text = await child.read(deadline: Date().addingTimeInterval(Double(maximumSeconds + 5)))
        let status = await child.exitStatus()
        guard status == 0 else { throw Failure.curl(status) }
        return text
    }

    /// A JSON object from text (empty when it is not one).
    public static func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// The sandbox journal's messages to `number`, oldest first.
    public func messages(to number: String) async throws -> [[String: Any]] {
        let text = try await Self.curl([
            "\(base)/sandbox/messages?to=\(number.replacingOccurrences(of: "+", with: "%2B"))"
        ])
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? []
    }

    /// The code in the newest journal message to `number`.
    public func code(to number: String) async throws -> String {
        let last = try await messages(to: number).last?["text"] as? String ?? ""
        if last.hasPrefix("Your code is ") {
            return String(last.dropFirst("Your code is ".count).prefix { $0 != "." }.filter(\.isNumber))
        }
        return String(last.split(whereSeparator: { !$0.isNumber }).filter { $0.count >= 4 }.last ?? "")
    }

    /// A JSON POST with curl; `user` adds HTTP Basic.
    public func post(_ path: String, _ json: String, user: String? = nil) async throws -> [String: Any] {
        var arguments = ["-H", "Content-Type: application/json", "-d", json, "\(base)\(path)"]
        if let user { arguments = ["-u", user] + arguments }
        return Self.object(try await Self.curl(arguments))
    }
}
