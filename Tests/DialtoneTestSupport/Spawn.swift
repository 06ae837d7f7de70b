public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Child processes started with `posix_spawn` and reaped with `waitpid` on their own pid.
/// Foundation's `Process` can miss a child's exit when several are started at once from
/// different threads (the child stays a zombie and `waitUntilExit` never returns), so the tests
/// that run `curl` and the server use this instead.
public struct Spawned: Sendable {
    /// The child's pid.
    public let pid: pid_t
    /// The read end of a pipe holding the child's standard output, when captured.
    public let output: Int32?

    /// Starts `executable` with `arguments`; standard output goes to a pipe when `captureOutput`,
    /// standard error to /dev/null.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        captureOutput: Bool = true
    ) throws -> Spawned {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var fds: [Int32] = [-1, -1]
        if captureOutput {
            guard pipe(&fds) == 0 else { throw SpawnError.failed("pipe") }
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
            posix_spawn_file_actions_addclose(&actions, fds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env =
            (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [
                nil
            ]
        defer { env.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, env)
        if captureOutput { close(fds[1]) }
        guard status == 0 else {
            if captureOutput { close(fds[0]) }
            throw SpawnError.failed("posix_spawn \(executable): \(status)")
        }
        return Spawned(pid: pid, output: captureOutput ? fds[0] : nil)
    }

    /// Reads what the child writes until it closes its output or `until` returns true for what
    /// was read so far.
    public func read(until done: (String) -> Bool = { _ in false }, deadline: Date) -> String {
        guard let output else { return "" }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = Glibc.poll(&descriptor, 1, 100)
            if ready <= 0 { continue }
            let n = Glibc.read(output, &buffer, buffer.count)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
            if done(String(decoding: data, as: UTF8.self)) { break }
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Waits for the child's exit and returns its status (128 + signal for a signal).
    @discardableResult
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        if let output { close(output) }
        return Self.exitCode(status)
    }

    /// The exit status if the child has ended, else nil.
    public func poll() -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        if let output { close(output) }
        return Self.exitCode(status)
    }

    static func exitCode(_ status: Int32) -> Int32 {
        status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

/// A child that could not be started.
public enum SpawnError: Error, CustomStringConvertible {
    case failed(String)
    /// A sentence for the test report.
    public var description: String {
        switch self {
        case .failed(let what): "cannot start a process: \(what)"
        }
    }
}
