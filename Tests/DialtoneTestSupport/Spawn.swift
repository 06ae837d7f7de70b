public import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Child processes started with `posix_spawn` and reaped with `waitpid` on their own pid.
/// Foundation's `Process` can miss a child's exit when several are started at once from
/// different threads (the child stays a zombie and `waitUntilExit` never returns), so the tests
/// that run `curl` and the server use this instead.
///
/// A child inherits none of this process's files but its standard streams: tests start children
/// in parallel, and a long-lived server holding another child's output pipe would keep that pipe
/// from reaching its end (a test reading to the end waited its whole deadline), as a socket it
/// held would keep a port bound. Waiting is `async` and polls, so that a test waiting for a child
/// holds no thread of the cooperative pool, which has as many threads as the machine has cores.
public struct Spawned: Sendable {
    /// The child's pid.
    public let pid: pid_t
    /// The read end of a pipe holding the child's standard output, when captured.
    public let output: Int32?

    /// Serializes ``start(_:_:environment:captureOutput:)``: a child started by another thread
    /// between this one's `pipe` and its marking the pipe close-on-exec would inherit it.
    private static let spawning = Mutex(())

    /// Starts `executable` with `arguments`; standard output goes to a pipe when `captureOutput`,
    /// standard error to /dev/null.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        captureOutput: Bool = true
    ) throws -> Spawned {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env =
            (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [
                nil
            ]
        defer { env.forEach { free($0) } }
        return try spawning.withLock { _ in
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            var fds: [Int32] = [-1, -1]
            if captureOutput {
                // Swift does not import `pipe2`: both ends are marked close-on-exec below.
                guard pipe(&fds) == 0 else { throw SpawnError.failed("pipe") }
                posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
                posix_spawn_file_actions_addclose(&actions, fds[0])
                posix_spawn_file_actions_addclose(&actions, fds[1])
            } else {
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            }
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            markOpenFilesCloseOnExec()
            var pid: pid_t = 0
            let status = posix_spawn(&pid, executable, &actions, nil, argv, env)
            if captureOutput { close(fds[1]) }
            guard status == 0 else {
                if captureOutput { close(fds[0]) }
                throw SpawnError.failed("posix_spawn \(executable): \(status)")
            }
            return Spawned(pid: pid, output: captureOutput ? fds[0] : nil)
        }
    }

    /// Reads what the child writes until it closes its output, `until` returns true for what was
    /// read so far, or `deadline` passes.
    public func read(until done: (String) -> Bool = { _ in false }, deadline: Date) async -> String {
        guard let output else { return "" }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            if Glibc.poll(&descriptor, 1, 0) <= 0 {
                await Self.pause()
                continue
            }
            let n = Glibc.read(output, &buffer, buffer.count)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
            if done(String(decoding: data, as: UTF8.self)) { break }
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Waits for the child's exit, polling, and returns its status (128 + signal for a signal).
    @discardableResult
    public func exitStatus() async -> Int32 {
        while true {
            if let status = poll() { return status }
            await Self.pause()
        }
    }

    /// 10 ms, or a yield when the task is cancelled (the loops around it have their own ends).
    private static func pause() async {
        do { try await Task.sleep(for: .milliseconds(10)) } catch { await Task.yield() }
    }

    /// Waits for the child's exit, blocking this thread, and returns its status (128 + signal for
    /// a signal): for a child just sent SIGKILL, and where no `await` can be (`defer`, `deinit`).
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

/// Sets close-on-exec on every descriptor of this process above standard error, so that a child
/// started next inherits none of them (Swift does not import
/// `posix_spawn_file_actions_addclosefrom_np`); this process never execs, so nothing else changes.
public func markOpenFilesCloseOnExec() {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    for descriptor in names.compactMap({ Int32($0) }) where descriptor > 2 {
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
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

/// Runs `body` on a thread of its own and returns what it returns. For work that blocks (waiting
/// for a child, `initdb`) or keeps a core busy for seconds: on the cooperative pool, which has one
/// thread a core, it would hold up every other test's timers and answers meanwhile. Keep
/// `#expect` out of `body`: Swift Testing finds the running test through task-local values, which
/// a new thread does not carry.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
