import DialtoneTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One run of the built `dialtone-verify` binary (posix_spawn; Foundation's `Process` can hang
/// when tests start processes in parallel): exit status, standard output and error.
struct VerifyRun: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The `dialtone-verify` executable next to the tests.
    static func binary() throws -> String {
        var directory = try ServerProcess.binary().deletingLastPathComponent()
        for _ in 0..<2 {
            let candidate = directory.appendingPathComponent("dialtone-verify")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            directory = directory.deletingLastPathComponent()
        }
        throw Failure(description: "no dialtone-verify binary next to dialtone-server")
    }

    /// Runs `dialtone-verify arguments` with `environment` added (and the credentials variables
    /// removed unless given), `stdin` as standard input; kills it after 60 s.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String = "")
        async throws
        -> VerifyRun
    {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inPath = scratch.appendingPathComponent("stdin").path
        let outPath = scratch.appendingPathComponent("stdout").path
        let errPath = scratch.appendingPathComponent("stderr").path
        try Data(stdin.utf8).write(to: URL(fileURLWithPath: inPath))
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DIALTONE_") }
        for (key, value) in environment { env[key] = value }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let executable = try binary()
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(description: "posix_spawn: \(spawned)") }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(60)
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result == -1, errno != EINTR { throw Failure(description: "waitpid: \(errno)") }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw Failure(description: "dialtone-verify did not end within 60 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let exit = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return VerifyRun(
            status: exit, stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}
