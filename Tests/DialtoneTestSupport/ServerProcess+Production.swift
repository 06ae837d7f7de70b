public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ServerProcess {
    /// Starts the binary in production mode (no `--sandbox`) on `port` with `database`, with the
    /// test process's environment minus every `DIALTONE_*` variable plus `environment`, and waits
    /// (at most 30 s) for its "listening" line. The caller stops it (`kill`, `wait`).
    public static func startProduction(
        port: Int, database: String, environment: [String: String]
    ) async throws -> Spawned {
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DIALTONE_") }
        merged.merge(environment) { $1 }
        let server = try Spawned.start(
            try binary().path, ["--port", "\(port)", "--database", database], environment: merged)
        let line = await server.read(until: { $0.contains("\n") }, deadline: Date().addingTimeInterval(30))
        guard line.contains("listening on http://127.0.0.1:\(port)") else {
            Glibc.kill(server.pid, SIGKILL)
            server.wait()
            throw Failure.didNotStart(line)
        }
        return server
    }

    /// Lower-case hexadecimal, as `DIALTONE_SECRET` and `DIALTONE_WEBHOOK_SECRET` take it.
    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}

/// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, read, released).
public func freeLoopbackPort() throws -> Int {
    try HeldLoopbackPort().port
}

/// A port on 127.0.0.1 held for as long as this value lives, so that no server started meanwhile
/// (on port 0) can be given it. By default its socket never listens, so a connection to it is
/// refused; with `silent: true` it listens and never accepts, so the kernel completes connections
/// into its backlog and takes the bytes sent, and no answer ever comes.
public final class HeldLoopbackPort: Sendable {
    /// The port.
    public let port: Int
    private let descriptor: Int32

    /// Binds a socket to a free loopback port (and listens on it when `silent`).
    public init(silent: Bool = false) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ServerProcess.Failure.didNotStart("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && (!silent || listen(descriptor, 16) == 0)
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw ServerProcess.Failure.didNotStart("no free loopback port")
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}
