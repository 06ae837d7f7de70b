import AsyncHTTPClient
import DialtoneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The `dialtone-server` binary's event webhooks survive the process: queued in its SQLite file
/// while the receiver is down, they are posted after a restart.
@Suite("dialtone-server: durable event webhooks")
struct ServerDurabilityTests {
    /// The server in production mode: SMS as webhooks to `sms`, events to `events`, on `database`.
    static func startServer(port: Int, database: String, sms: String, events: String) async throws -> Spawned
    {
        try await ServerProcess.startProduction(
            port: port, database: database,
            environment: [
                "DIALTONE_SECRET": ServerProcess.hex(testSecret),
                "DIALTONE_PHONEMATCH_USER": "user", "DIALTONE_PHONEMATCH_PASS": "pass",
                "DIALTONE_IDENFY_API_KEY": "key", "DIALTONE_IDENFY_API_SECRET": "idenfy-secret",
                "DIALTONE_SMS_CHANNEL": "webhook", "DIALTONE_SMS_WEBHOOK_URL": sms,
                "DIALTONE_WEBHOOK_SECRET": ServerProcess.hex(WebhookTests.secret),
                "DIALTONE_EVENTS_WEBHOOK_URL": events,
            ])
    }

    /// A PhoneMatch SMS start; returns the token.
    static func start(_ client: HTTPClient, _ base: String, phone: String) async throws -> String {
        let (_, initial) = try await ServerKannelTests.json(
            client, "\(base)/process/comprehensive/gateway",
            body:
                #"{"user":"user","pass":"pass","service":"PhoneMatch5.0.SMS","options":{"outofband":{"message":"Your code is {pin}"}},"target":{"fn":"Ada","ln":"Lovelace","phone":"\#(phone)"}}"#
        )
        let continuation = (initial["continuations"] as? [String: Any])?["outofband"] as? [String: Any]
        return try #require((continuation?["template"] as? [String: Any])?["token"] as? String)
    }

    enum Stop: String, CaseIterable, Sendable {
        case sigterm, sigkill
    }

    @Test(
        "receiver down, server stopped with events queued, restarted on the same file: every event once, in order, signed, codeless",
        arguments: Stop.allCases)
    func eventsSurviveRestart(_ stop: Stop) async throws {
        let sms = WebhookReceiver(secret: WebhookTests.secret, failuresPerEvent: 0)
        try await sms.start()
        defer { sms.stop() }
        // The events' receiver is down until the server has stopped; then it fails each event once.
        let events = WebhookReceiver(secret: WebhookTests.secret, failuresPerEvent: 1)
        let eventsPort = try freeLoopbackPort()
        let eventsURL = "http://127.0.0.1:\(eventsPort)/events"
        let database = try ServerProcess.temporaryDatabase()
        defer {
            try? FileManager.default.removeItem(atPath: (database as NSString).deletingLastPathComponent)
        }
        let port = try freeLoopbackPort()
        let base = "http://127.0.0.1:\(port)"

        var codes: [String] = []
        var tokens: [String] = []
        let first = try await Self.startServer(
            port: port, database: database, sms: sms.url("/sms"), events: eventsURL)
        do {
            try await withClient { client in
                let approved = try await Self.start(client, base, phone: "+12015550120")
                let pending = try await Self.start(client, base, phone: "+12015550121")
                tokens = [approved, pending]
                try await sms.wait { $0.bodies(at: "/sms").count == 2 }
                for body in sms.bodies(at: "/sms") {
                    let text = (body["message"] as? [String: Any])?["text"] as? String ?? ""
                    codes.append(String(text.dropFirst("Your code is ".count)))
                }
                let code = try #require(
                    sms.bodies(at: "/sms").first {
                        ($0["message"] as? [String: Any])?["verification_id"] as? String == approved
                    }
                    .flatMap { ($0["message"] as? [String: Any])?["text"] as? String })
                let (_, answer) = try await ServerKannelTests.json(
                    client, "\(base)/process/continue",
                    body:
                        #"{"token":"\#(approved)","codematch":{"key":"\#(code.dropFirst("Your code is ".count))"}}"#
                )
                #expect((answer["result"] as? [String: Any])?["action"] as? String == "PASS")
            }
        } catch {
            kill(first.pid, SIGKILL)
            first.wait()
            throw error
        }
        // Every event is queued by now (recording one is a store write before the answer).
        switch stop {
        case .sigterm:
            kill(first.pid, SIGTERM)
            #expect(await first.exitStatus() == 0)
        case .sigkill:
            kill(first.pid, SIGKILL)
            first.wait()
        }
        #expect(events.state.withLock { $0.deliveries.isEmpty })

        try await events.start(port: eventsPort)
        defer { events.stop() }
        let second = try await Self.startServer(
            port: port, database: database, sms: sms.url("/sms"), events: eventsURL)
        defer {
            kill(second.pid, SIGKILL)
            second.wait()
        }
        try await events.wait(timeout: .seconds(90)) { receiver in
            receiver.types(for: tokens[0]).count == 3 && receiver.types(for: tokens[1]).count == 2
        }
        #expect(
            events.types(for: tokens[0]) == [
                "verification.started", "verification.sent", "verification.approved",
            ])
        #expect(events.types(for: tokens[1]) == ["verification.started", "verification.sent"])
        let state = events.state.withLock { $0 }
        #expect(state.badSignatures == 0)
        // De-duplicated on event_id: each event once in the unique list, each delivered at least twice
        // (the receiver refused the first).
        #expect(Set(state.unique.map(\.id)).count == state.unique.count)
        #expect(state.unique.count == 5)
        #expect(state.deliveries.values.allSatisfy { $0 >= 2 })
        #expect(codes.count == 2 && codes.allSatisfy { $0.count == 6 })
        for body in state.rawBodies {
            #expect(codes.allSatisfy { !body.contains($0) })
            #expect(!body.contains("\"text\""))
        }
    }
}
