import Delivery
import DialtoneTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two `dialtone-server` processes in production mode on one PostgreSQL database share one event
/// outbox: each event is posted by one of them, once per try, in order per verification.
@Suite(.enabled(if: PostgresServer.isEnabled, PostgresServer.skipReason), .serialized)
struct ServerEventsOnPostgresTests {
    static let webhookSecret = Array("events-on-postgres-secret-0123456789abcdef".utf8)
    static let secret = Array("dialtone-postgres-events-tests-secret-0123456789".utf8)

    /// A signed-webhook receiver on loopback: every signature checked, each event refused (500)
    /// on its first delivery and taken on the next.
    final class Receiver: Sendable {
        struct State {
            var deliveries: [String: Int] = [:]
            var taken: [(path: String, body: [UInt8])] = []
            var rawBodies: [String] = []
            var badSignatures = 0
        }
        let state = Mutex(State())
        let verifier = WebhookVerifier(secret: ServerEventsOnPostgresTests.webhookSecret)
        let task = Mutex<Task<Void, any Error>?>(nil)

        func start(port: Int) async throws {
            let router = Router()
            router.post("/**") { request, _ -> Response in
                let body = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
                return self.handle(
                    path: request.uri.path, body: body,
                    signature: HTTPField.Name(WebhookSigner.headerName).flatMap { request.headers[$0] })
            }
            let (ready, signal) = AsyncStream.makeStream(of: Void.self)
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                onServerRunning: { _ in signal.yield() })
            task.withLock { $0 = Task { try await app.runService() } }
            for await _ in ready { break }
        }

        func stop() { task.withLock { $0?.cancel() } }

        func handle(path: String, body: [UInt8], signature: String?) -> Response {
            guard
                (try? verifier.verify(body: body, header: signature, now: Int64(Date().timeIntervalSince1970)))
                    != nil,
                let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
                let id = object["event_id"] as? String
            else {
                state.withLock { $0.badSignatures += 1 }
                return Response(status: .unauthorized)
            }
            return state.withLock { state in
                state.rawBodies.append(String(decoding: body, as: UTF8.self))
                let count = (state.deliveries[id] ?? 0) + 1
                state.deliveries[id] = count
                // Messages are taken at once (a request waits for them); events the second time.
                if path == "/events" && count == 1 { return Response(status: .internalServerError) }
                if count == (path == "/events" ? 2 : 1) { state.taken.append((path, body)) }
                return Response(status: .ok)
            }
        }

        /// The bodies taken at `path`, in arrival order.
        func taken(at path: String) -> [[String: Any]] {
            let raw = state.withLock { $0.taken.filter { $0.path == path }.map(\.body) }
            return raw.compactMap { (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any] }
        }

        func types(for verification: String) -> [String] {
            taken(at: "/events").filter { $0["verification_id"] as? String == verification }
                .compactMap { $0["type"] as? String }
        }

        /// The code in the SMS to the verification.
        func code(for verification: String) -> String? {
            taken(at: "/sms").compactMap { $0["message"] as? [String: Any] }
                .first { $0["verification_id"] as? String == verification }
                .flatMap { $0["text"] as? String }
                .map { String($0.dropFirst("Your code is ".count)) }
        }

        func wait(_ what: String, until predicate: () -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while !predicate() {
                if ContinuousClock.now > deadline {
                    throw HarnessError("the receiver waited in vain for \(what)")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    static func startServer(database: String, receiver: Int) async throws -> (Spawned, String) {
        let port = try freeLoopbackPort()
        let server = try await ServerProcess.startProduction(
            port: port, database: database,
            environment: [
                "DIALTONE_SECRET": ServerProcess.hex(secret),
                "DIALTONE_PHONEMATCH_USER": "user", "DIALTONE_PHONEMATCH_PASS": "pass",
                "DIALTONE_IDENFY_API_KEY": "key", "DIALTONE_IDENFY_API_SECRET": "idenfy-secret",
                "DIALTONE_SMS_CHANNEL": "webhook",
                "DIALTONE_SMS_WEBHOOK_URL": "http://127.0.0.1:\(receiver)/sms",
                "DIALTONE_WEBHOOK_SECRET": ServerProcess.hex(webhookSecret),
                "DIALTONE_EVENTS_WEBHOOK_URL": "http://127.0.0.1:\(receiver)/events",
            ])
        return (server, "http://127.0.0.1:\(port)")
    }

    @Test("two production servers, one database: each event posted once per try, in order per verification")
    func sharedOutbox() async throws {
        let server = try await PostgresServer.shared.value
        let receiver = Receiver()
        let receiverPort = try freeLoopbackPort()
        try await receiver.start(port: receiverPort)
        defer { receiver.stop() }
        try await PostgresServer.withDatabase { configuration in
            let credentials = server.password.map { "\(server.username):\($0)" } ?? server.username
            let url =
                "postgres://\(credentials)@\(server.host):\(server.port)/\(configuration.database ?? "postgres")"
            let (a, baseA) = try await Self.startServer(database: url, receiver: receiverPort)
            defer {
                kill(a.pid, SIGKILL)
                a.wait()
            }
            let (b, baseB) = try await Self.startServer(database: url, receiver: receiverPort)
            defer {
                kill(b.pid, SIGKILL)
                b.wait()
            }
            // Each flow starts on one instance and is checked on the other.
            var tokens: [String] = []
            for (index, phone) in ["+12015550130", "+12015550131", "+12015550132", "+12015550133"]
                .enumerated()
            {
                let (start, check) = index % 2 == 0 ? (baseA, baseB) : (baseB, baseA)
                let initial = ServerProcess.object(
                    try await ServerProcess.curl(
                        [
                            "-H", "Content-Type: application/json", "-d",
                            #"{"user":"user","pass":"pass","service":"PhoneMatch5.0.SMS","options":{"outofband":{"message":"Your code is {pin}"}},"target":{"fn":"Ada","ln":"Lovelace","phone":"\#(phone)"}}"#,
                            "\(start)/process/comprehensive/gateway",
                        ], maximumSeconds: 45))
                let continuation =
                    (initial["continuations"] as? [String: Any])?["outofband"] as? [String: Any]
                let token = try #require((continuation?["template"] as? [String: Any])?["token"] as? String)
                tokens.append(token)
                try await receiver.wait("the SMS") { receiver.code(for: token) != nil }
                let code = try #require(receiver.code(for: token))
                let answer = ServerProcess.object(
                    try await ServerProcess.curl(
                        [
                            "-H", "Content-Type: application/json", "-d",
                            #"{"token":"\#(token)","codematch":{"key":"\#(code)"}}"#,
                            "\(check)/process/continue",
                        ], maximumSeconds: 45))
                #expect((answer["result"] as? [String: Any])?["action"] as? String == "PASS")
            }
            try await receiver.wait("every event") {
                tokens.allSatisfy { receiver.types(for: $0).count == 3 }
            }
            for token in tokens {
                #expect(
                    receiver.types(for: token) == [
                        "verification.started", "verification.sent", "verification.approved",
                    ])
            }
            let state = receiver.state.withLock { ($0.badSignatures, $0.deliveries, $0.rawBodies) }
            #expect(state.0 == 0)
            // Each event exactly twice (refused, then taken): no instance posted one another held.
            let events = state.1.filter { $0.key.hasPrefix("evt_") }
            #expect(events.count == tokens.count * 3)
            #expect(events.values.allSatisfy { $0 == 2 })
            #expect(state.2.filter { $0.contains("\"verification.") }.allSatisfy { !$0.contains("\"text\"") })
        }
    }
}
