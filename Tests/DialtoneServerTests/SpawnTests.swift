import DialtoneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The harness that starts the server and curl: a child holds no file of the test process, so a
/// pipe or a socket opened by one test never stays open in another test's child.
@Suite("Test harness: child processes")
struct SpawnTests {
    @Test("a child has its standard streams and nothing else of the test process")
    func inheritsNothing() async throws {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)  // without close-on-exec, as a library might open one
        defer {
            close(fds[0])
            close(fds[1])
        }
        let child = try Spawned.start("/bin/sh", ["-c", "ls /proc/$$/fd"])
        let listing = await child.read(deadline: Date().addingTimeInterval(30))
        #expect(await child.exitStatus() == 0)
        let open = Set(listing.split(separator: "\n").compactMap { Int32($0) })
        #expect(open == [0, 1, 2], "\(listing)")
    }

    @Test("a test's pipe reaches its end while another test's child runs")
    func pipeReachesEnd() async throws {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let sleeper = try Spawned.start("/bin/sleep", ["60"], captureOutput: false)
        defer {
            kill(sleeper.pid, SIGKILL)
            sleeper.wait()
        }
        close(fds[1])  // the only writer is done: the reader sees the end at once
        var descriptor = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 5_000)
        #expect(ready == 1, "the pipe's writing end is still open in the other child")
        var byte: UInt8 = 0
        if ready == 1 { #expect(read(fds[0], &byte, 1) == 0) }
    }
}
