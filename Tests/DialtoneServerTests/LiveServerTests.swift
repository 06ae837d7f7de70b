import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// The built `dialtone-server` binary, started as a user starts it (`--sandbox --port 0`), driven
/// over real HTTP with AsyncHTTPClient and with curl, stopped with SIGTERM.
@Suite("Live server process", .serialized)
struct LiveServerTests {
    /// One running server process.
    final class ServerProcess: @unchecked Sendable {
        let process = Process()
        let port: Int
        let output: Pipe

        /// Starts the binary and waits (at most 30 s) for its "listening" line.
        init(database: String, extraArguments: [String] = [], environment: [String: String] = [:]) throws {
            process.executableURL = try Self.binary()
            process.arguments = ["--sandbox", "--port", "0", "--database", database] + extraArguments
            var env = ProcessInfo.processInfo.environment
            for (key, value) in environment { env[key] = value }
            process.environment = env
            output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var buffer = Data()
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                if let line = String(data: buffer, encoding: .utf8), let range = line.range(of: "127.0.0.1:")
                {
                    let digits = line[range.upperBound...].prefix { $0.isNumber }
                    if let port = Int(digits), line[range.upperBound...].contains("\n") {
                        self.port = port
                        return
                    }
                }
            }
            process.terminate()
            throw LiveError.didNotStart(String(decoding: buffer, as: UTF8.self))
        }

        /// Sends SIGTERM and waits (at most 15 s) for the exit status.
        func stop() async throws -> Int32 {
            process.terminate()
            for _ in 0..<150 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            #expect(!process.isRunning, "the server did not stop within 15 s of SIGTERM")
            return process.terminationStatus
        }

        var base: String { "http://127.0.0.1:\(port)" }

        static func binary() throws -> URL {
            var directory = Bundle.main.bundleURL
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("dialtone-server")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            throw LiveError.noBinary
        }
    }

    enum LiveError: Error { case didNotStart(String), noBinary, curl(String) }

    static func database() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dialtone-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("live.sqlite").path
    }

    /// Runs curl; returns its standard output.
    static func curl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["--silent", "--show-error", "--max-time", "10"] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LiveError.curl("curl exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// The code in the newest journal message to `number`.
    static func code(_ server: ServerProcess, to number: String) throws -> String {
        let text = try curl([
            "\(server.base)/sandbox/messages?to=\(number.replacingOccurrences(of: "+", with: "%2B"))"
        ])
        let messages = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? []
        let last = messages.last?["text"] as? String ?? ""
        if last.hasPrefix("Your code is ") {
            return String(last.dropFirst("Your code is ".count).prefix { $0 != "." }.filter(\.isNumber))
        }
        return String(last.split(whereSeparator: { !$0.isNumber }).filter { $0.count >= 4 }.last ?? "")
    }

    @Test("curl: a PhoneMatch and an iDenfy flow end to end, the escalation by the virtual clock, SIGTERM")
    func curlSession() async throws {
        let server = try ServerProcess(database: try Self.database())
        let initial = try Self.curl([
            "-H", "Content-Type: application/json", "-d",
            #"{"user":"sandbox","pass":"sandbox","service":"PhoneMatch5.0.SMS","reference":"r1","target":{"fn":"Ada","ln":"Lovelace","phone":"+442079460958"}}"#,
            "\(server.base)/process/comprehensive/gateway",
        ])
        let continuation =
            (Self.object(initial)["continuations"] as? [String: Any])?["outofband"] as? [String: Any]
        let token = try #require((continuation?["template"] as? [String: Any])?["token"] as? String)
        let code = try Self.code(server, to: "+442079460958")
        let passed = try Self.curl([
            "-H", "Content-Type: application/json", "-d",
            #"{"token":"\#(token)","codematch":{"key":"\#(code)"}}"#,
            "\(server.base)/process/continue",
        ])
        #expect((Self.object(passed)["result"] as? [String: Any])?["action"] as? String == "PASS")

        let sent = try Self.curl([
            "-u", "sandbox:sandbox", "-H", "Content-Type: application/json", "-d",
            #"{"phone_number":"+12025550163"}"#,
            "\(server.base)/fraud/send-sms",
        ])
        let requestID = try #require(Self.object(sent)["request_id"] as? String)
        let advanced = try Self.curl([
            "-H", "Content-Type: application/json", "-d", #"{"seconds":120}"#,
            "\(server.base)/sandbox/clock/advance",
        ])
        #expect(Self.object(advanced)["steps_run"] as? Int == 1)
        let callCode = try Self.code(server, to: "+12025550163")
        let verified = try Self.curl([
            "-u", "sandbox:sandbox", "-H", "Content-Type: application/json", "-d",
            #"{"request_id":"\#(requestID)","received_code":"\#(callCode)"}"#,
            "\(server.base)/fraud/verify-sms",
        ])
        #expect(Self.object(verified)["is_verified"] as? Bool == true)
        #expect(try await server.stop() == 0)
    }

    @Test("AsyncHTTPClient: a restart keeps the pending escalation, which then happens once")
    func restartResumesEscalation() async throws {
        let database = try Self.database()
        let first = try ServerProcess(database: database)
        let client = HTTPClient.shared
        var request = HTTPClientRequest(url: "\(first.base)/fraud/send-sms")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(
            name: "Authorization", value: "Basic " + Data("sandbox:sandbox".utf8).base64EncodedString())
        request.body = .bytes(ByteBuffer(string: #"{"phone_number":"+12025550164"}"#))
        let response = try await client.execute(request, timeout: .seconds(10))
        #expect(response.status == .ok)
        let code = try Self.code(first, to: "+12025550164")
        #expect(try await first.stop() == 0)

        let second = try ServerProcess(database: database)
        var advance = HTTPClientRequest(url: "\(second.base)/sandbox/clock/advance")
        advance.method = .POST
        advance.headers.add(name: "Content-Type", value: "application/json")
        advance.body = .bytes(ByteBuffer(string: #"{"seconds":125}"#))
        let advanced = try await client.execute(advance, timeout: .seconds(10))
        let body = try await advanced.body.collect(upTo: 1 << 16)
        #expect(Self.object(String(buffer: body))["steps_run"] as? Int == 1)
        let messages = try Self.curl(["\(second.base)/sandbox/messages?to=%2B12025550164"])
        let list = (try? JSONSerialization.jsonObject(with: Data(messages.utf8))) as? [[String: Any]] ?? []
        #expect(list.map { $0["channel"] as? String } == ["sms", "call"])
        #expect(try Self.code(second, to: "+12025550164") == code)
        #expect(try await second.stop() == 0)
    }

    @Test("Start-up refuses what production cannot run without, saying what is missing")
    func refusals() throws {
        for (arguments, environment, message) in [
            ([String](), ["DIALTONE_SECRET": String(repeating: "ab", count: 32)], "no account is configured"),
            ([], [:], "no server secret is configured"),
            (
                [],
                [
                    "DIALTONE_SECRET": String(repeating: "ab", count: 32), "DIALTONE_PHONEMATCH_USER": "u",
                    "DIALTONE_PHONEMATCH_PASS": "p",
                ],
                "no delivery channel is configured"
            ),
            (["--sandbox"], ["DIALTONE_SMS_CHANNEL": "kannel"], "--sandbox cannot be combined"),
        ] {
            let process = Process()
            process.executableURL = try ServerProcess.binary()
            process.arguments = arguments + ["--port", "0", "--database", try Self.database()]
            var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DIALTONE_") }
            for (key, value) in environment { env[key] = value }
            process.environment = env
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 78, "\(text)")
            #expect(text.contains(message), "\(text)")
        }
    }
}
