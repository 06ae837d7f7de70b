import DialtoneTestSupport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A real Kannel 1.4 on loopback for one test: `bearerbox` with a fake SMSC, Kannel's own
/// `fakesmsc` as the carrier (its output is the handset's view) and `smsbox` with a `sendsms`
/// user. Each gateway has its own folder, ports and processes, killed by pid in ``stop()``.
///
/// With `DIALTONE_REQUIRE_KANNEL=1` (CI sets it) a missing or failing Kannel fails the tests;
/// without it, missing binaries skip them.
final class KannelGateway: Sendable {
    static let bearerbox = "/usr/sbin/bearerbox"
    static let smsbox = "/usr/sbin/smsbox"
    static let fakesmsc = "/usr/lib/kannel/test/fakesmsc"
    static let username = "dialtone"
    static let password = "kannel-pass+&?"

    /// Whether the tests must run.
    static var isRequired: Bool { ProcessInfo.processInfo.environment["DIALTONE_REQUIRE_KANNEL"] == "1" }
    /// Whether the binaries are installed.
    static var isInstalled: Bool {
        [bearerbox, smsbox, fakesmsc].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }
    /// Whether the Kannel tests run (and, when required but missing, fail).
    static var isEnabled: Bool { isRequired || isInstalled }
    /// Why they are skipped.
    static let skipReason = Comment(
        rawValue: "Kannel not found: apt-get install -y kannel kannel-extras "
            + "(DIALTONE_REQUIRE_KANNEL=1 makes this a failure)")

    let folder: URL
    let sendsmsPort: Int
    let smscPort: Int
    let boxPort: Int
    let adminPort: Int
    let bearer: Spawned
    let carrier: Spawned
    let box: Mutex<Spawned?>

    /// `http://127.0.0.1:PORT/cgi-bin/sendsms`.
    var sendsmsURL: String { "http://127.0.0.1:\(sendsmsPort)/cgi-bin/sendsms" }
    /// What fakesmsc printed.
    var carrierLog: URL { folder.appendingPathComponent("fakesmsc.log") }

    private init(folder: URL, ports: [Int], bearer: Spawned, carrier: Spawned, box: Spawned) {
        self.folder = folder
        (adminPort, boxPort, smscPort, sendsmsPort) = (ports[0], ports[1], ports[2], ports[3])
        self.bearer = bearer
        self.carrier = carrier
        self.box = Mutex(box)
    }

    /// Starts the three processes and waits (at most 60 s) until a message can be sent. A box that
    /// exits before it listens most likely lost one of its ports to another process between
    /// ``freeLoopbackPort()`` and its bind (tests run in parallel): the gateway is started again on
    /// new ports, up to three times.
    static func start() async throws -> KannelGateway {
        guard isInstalled else {
            throw HarnessFailure("Kannel is required (DIALTONE_REQUIRE_KANNEL=1) but \(bearerbox) is missing")
        }
        var attempt = 1
        while true {
            do {
                return try await startOnce()
            } catch is ExitedBeforeListening where attempt < 3 {
                attempt += 1
            }
        }
    }

    private static func startOnce() async throws -> KannelGateway {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dialtone-kannel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ports = try (0..<4).map { _ in try freeLoopbackPort() }
        let config = folder.appendingPathComponent("kannel.conf")
        try configuration(folder: folder, ports: ports).write(to: config, atomically: true, encoding: .utf8)
        let deadline = Date().addingTimeInterval(60)
        let bearer = try Spawned.start(bearerbox, [config.path], captureOutput: false)
        var started: [Spawned] = [bearer]
        do {
            try await waitForPort(ports[0], of: bearer, deadline: deadline)
            let log = folder.appendingPathComponent("fakesmsc.log").path
            let carrier = try Spawned.start(
                "/bin/sh",
                [
                    "-c",
                    "exec \(fakesmsc) -H 127.0.0.1 -r \(ports[2]) -i 0 -m 0 '100 200 text nop' 2>'\(log)'",
                ],
                captureOutput: false)
            started.append(carrier)
            let bearerLog = folder.appendingPathComponent("bearerbox.log")
            try await waitForLine("Fakesmsc client connected", count: 1, in: bearerLog, deadline: deadline)
            let box = try Spawned.start(smsbox, [config.path], captureOutput: false)
            started.append(box)
            try await waitForPort(ports[3], of: box, deadline: deadline)
            try await waitForLine(smsboxConnected, count: 1, in: bearerLog, deadline: deadline)
            return KannelGateway(folder: folder, ports: ports, bearer: bearer, carrier: carrier, box: box)
        } catch {
            for process in started.reversed() { terminate(process) }
            throw error
        }
    }

    /// Runs `body` with a fresh gateway, stopped afterwards whatever happens.
    static func with<T>(_ body: (KannelGateway) async throws -> T) async throws -> T {
        let gateway = try await start()
        do {
            let result = try await body(gateway)
            gateway.stop()
            return result
        } catch {
            gateway.stop()
            throw error
        }
    }

    /// Stops smsbox (the `sendsms` interface goes away; bearerbox and the carrier stay).
    func stopSMSBox() {
        box.withLock { box in
            if let running = box { Self.terminate(running) }
            box = nil
        }
    }

    /// Starts smsbox again on the same ports and waits (at most 60 s) for it.
    func startSMSBox() async throws {
        let process = try Spawned.start(
            Self.smsbox, [folder.appendingPathComponent("kannel.conf").path], captureOutput: false)
        box.withLock { $0 = process }
        let deadline = Date().addingTimeInterval(60)
        try await Self.waitForPort(sendsmsPort, of: process, deadline: deadline)
        let log = folder.appendingPathComponent("bearerbox.log")
        try await Self.waitForLine(Self.smsboxConnected, count: 2, in: log, deadline: deadline)
    }

    /// Stops every process and removes the folder.
    func stop() {
        stopSMSBox()
        Self.terminate(carrier)
        Self.terminate(bearer)
        try? FileManager.default.removeItem(at: folder)
    }

    /// The messages fakesmsc has received so far: `FROM TO TYPE DATA` each.
    func received() -> [String] {
        let text = (try? String(contentsOf: carrierLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let start = line.range(of: ": <"), line.hasSuffix(">") else { return nil }
            return String(line[start.upperBound..<line.index(before: line.endIndex)])
        }
    }

    /// Waits (at most `timeout`) until fakesmsc has received `count` messages to `number`, and
    /// returns all it has for that number.
    func waitForMessages(to number: String, count: Int, timeout: TimeInterval = 30) async throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let mine = received().filter {
                $0.split(separator: " ").dropFirst().first.map(String.init) == number
            }
            if mine.count >= count { return mine }
            if Date() > deadline {
                throw HarnessFailure(
                    "fakesmsc got \(mine.count) of \(count) messages to \(number) in \(timeout) s")
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    static func configuration(folder: URL, ports: [Int]) -> String {
        """
        group = core
        admin-port = \(ports[0])
        admin-password = admin-\(UUID().uuidString)
        admin-interface = 127.0.0.1
        smsbox-port = \(ports[1])
        smsbox-interface = 127.0.0.1
        box-allow-ip = 127.0.0.1
        dlr-storage = internal
        log-file = "\(folder.path)/bearerbox.log"
        log-level = 0

        group = smsc
        smsc = fake
        smsc-id = fake
        port = \(ports[2])
        connect-allow-ip = 127.0.0.1
        allowed-prefix = "+1"

        group = smsbox
        bearerbox-host = 127.0.0.1
        bearerbox-port = \(ports[1])
        sendsms-port = \(ports[3])
        sendsms-interface = 127.0.0.1
        log-file = "\(folder.path)/smsbox.log"
        log-level = 0

        group = sendsms-user
        username = \(username)
        password = "\(password)"
        concatenation = true
        max-messages = 6

        group = sms-service
        keyword = default
        text = "ok"

        """
    }

    /// Kills `process` at once (SIGKILL: the gateway is thrown away, and a graceful Kannel
    /// shutdown takes seconds) and reaps it.
    static func terminate(_ process: Spawned) {
        Glibc.kill(process.pid, SIGKILL)
        process.wait()
    }

    /// bearerbox's line when an smsbox has connected.
    static let smsboxConnected = "INFO: Client connected from <127.0.0.1>"

    /// Waits until `file` holds `text` at least `count` times.
    static func waitForLine(_ text: String, count: Int, in file: URL, deadline: Date) async throws {
        // Look once more after the deadline: a busy machine may resume this task late.
        while true {
            let late = Date() > deadline
            if let content = try? String(contentsOf: file, encoding: .utf8),
                content.components(separatedBy: text).count - 1 >= count
            {
                return
            }
            if late { throw HarnessFailure("no \"\(text)\" in \(file.lastPathComponent) in time") }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// Waits until `process` listens on `port`; throws ``ExitedBeforeListening`` if it ends first.
    static func waitForPort(_ port: Int, of process: Spawned, deadline: Date) async throws {
        while true {
            let late = Date() > deadline
            if canConnect(port) { return }
            if let status = process.poll() { throw ExitedBeforeListening(port: port, status: status) }
            if late { throw HarnessFailure("nothing listens on 127.0.0.1:\(port) in time") }
            try await Task.sleep(for: .milliseconds(25))
        }
    }
}

/// A Kannel box ended before it listened on `port`.
struct ExitedBeforeListening: Error, CustomStringConvertible {
    let port: Int
    let status: Int32
    var description: String {
        "a Kannel box exited (status \(status)) before it listened on 127.0.0.1:\(port)"
    }
}

/// A harness failure, said plainly in the test report.
struct HarnessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Whether something accepts a TCP connection on 127.0.0.1:`port`.
func canConnect(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}
