import Foundation

/// One run of the built `normalize` binary: its output, its messages and its exit status.
struct NormalizeRun {
    let status: Int32
    let stdout: Data
    let stderr: Data

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The `normalize` executable next to this test bundle (`.build/<triple>/<config>/normalize`);
    /// the test target depends on it, so SwiftPM builds it first.
    static var binary: URL {
        get throws {
            var directory = Bundle.module.bundleURL.deletingLastPathComponent()
            for _ in 0..<3 {
                let candidate = directory.appendingPathComponent("normalize")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            throw Failure(description: "no normalize binary near \(Bundle.module.bundleURL.path)")
        }
    }

    /// The fixture folder, used as the working directory so that reject files name inputs briefly.
    static var fixtures: URL {
        get throws {
            guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
                throw Failure(description: "Fixtures missing from the test bundle")
            }
            return url
        }
    }

    /// The bytes of a fixture file.
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }

    /// Runs `normalize` with `arguments` in `directory` (the fixtures by default), standard input
    /// read from `stdin` (empty by default). Output goes through files, so any size is fine.
    static func run(
        _ arguments: [String], stdin: Data = Data(), in directory: URL? = nil, stdinFile: URL? = nil
    ) throws -> NormalizeRun {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("normalize-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputURL = stdinFile ?? scratch.appendingPathComponent("stdin")
        if stdinFile == nil { try stdin.write(to: inputURL) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let process = Process()
        process.executableURL = try binary
        process.arguments = arguments
        process.currentDirectoryURL = try directory ?? fixtures
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "80"
        process.environment = environment
        let input = try FileHandle(forReadingFrom: inputURL)
        let output = try FileHandle(forWritingTo: outURL)
        let errors = try FileHandle(forWritingTo: errURL)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        try input.close()
        try output.close()
        try errors.close()
        return NormalizeRun(
            status: process.terminationStatus, stdout: try Data(contentsOf: outURL),
            stderr: try Data(contentsOf: errURL))
    }

    /// Runs `body` on a thread of its own: work that keeps a core busy for seconds, or waits for a
    /// child, would hold a thread of the cooperative pool (one a core) from every other test.
    /// Keep `#expect` out of `body`: the running test is found through task-local values.
    /// (NormalizeTests builds without the server's test support, which has the same helper.)
    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// A fresh temporary directory (the caller removes it).
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "normalize-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
