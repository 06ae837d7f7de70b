import AsyncHTTPClient
import Delivery
import Foundation
import OTPProviders
import Synchronization
import Testing
import Verification

/// Webhook channels and event webhooks against a receiver on loopback that checks signatures.
@Suite("Webhooks")
struct WebhookTests {
    static let secret = Array("webhook-secret-for-tests-0123456789abcdef".utf8)

    /// SMS, voice and events posted to one receiver; the engine on a virtual clock; the events'
    /// worker running until ``stop()``.
    struct Setup {
        let engine: VerificationEngine
        let clock: VirtualClock
        let events: EventWebhookObserver
        let recorder: EventRecorder
        let state: InMemoryDeliveryStateStore
        let worker: Task<Void, Never>

        func stop() { worker.cancel() }
    }

    static func setup(
        _ receiver: WebhookReceiver, client: HTTPClient, attempts: Int, voice: Bool = true
    ) throws -> Setup {
        let sleeper = CountingSleeper()
        let state = InMemoryDeliveryStateStore()
        // The tests count tries exactly: a try that timed out while the receiver was busy would
        // be made again. A minute is beyond any pause of a loaded test machine.
        func poster(_ path: String, _ policy: RetryPolicy) -> WebhookPoster {
            WebhookPoster(
                url: receiver.url(path), secret: secret, client: client, store: state,
                backoff: sleeper.backoff(policy), requestTimeout: .seconds(60))
        }
        // Messages wait on the counting sleeper; the events' retries are due at once.
        let messages = RetryPolicy(attempts: attempts)
        let events = EventWebhookObserver(
            poster: poster("/events", RetryPolicy(attempts: attempts, baseDelay: .zero)),
            pollInterval: .milliseconds(50))
        let worker = Task { await events.run() }
        let recorder = EventRecorder()
        let clock = VirtualClock(start: SystemVerificationClock().now())
        let router = ChannelRouter(
            sms: WebhookChannel(kinds: [.sms], poster: poster("/sms", messages)),
            voice: voice ? WebhookChannel(kinds: [.call], poster: poster("/voice", messages)) : nil)
        let engine = VerificationEngine(
            store: InMemoryVerificationStore(), channel: router, clock: clock,
            keys: try VerificationKeys(secret: testSecret), observer: ObserverFanOut([recorder, events]),
            codes: .sandbox(fixedCodePrefixes: ["+1201555011"]))
        return Setup(
            engine: engine, clock: clock, events: events, recorder: recorder, state: state, worker: worker)
    }

    @Test(
        "500 twice then 200: each message and event arrives once after de-duplication, in order, signed, codeless"
    )
    func atLeastOnceInOrder() async throws {
        let receiver = WebhookReceiver(secret: Self.secret, failuresPerEvent: 2)
        try await receiver.start()
        defer { receiver.stop() }
        try await withClient { client in
            let setup = try Self.setup(receiver, client: client, attempts: 4)
            defer { setup.stop() }
            let record = try await setup.engine.sendIdenfySMS(
                IdenfySendSMSRequest(phoneNumber: "+12015550115"), caller: .init(account: "key"))
            _ = setup.clock.advance(by: .seconds(120))
            #expect(try await setup.engine.runDueSteps() >= 1)
            #expect(try await setup.engine.verifyIdenfySMS(requestID: record.id, code: Secret("1234")))
            await setup.events.idle()

            let sms = receiver.bodies(at: "/sms")
            #expect(sms.count == 1)
            #expect(sms.first?["type"] as? String == "message.sms")
            #expect(
                (sms.first?["message"] as? [String: Any])?["text"] as? String
                    == "iDenfy code: 1234. Valid for 5 minutes.")
            let voice = receiver.bodies(at: "/voice")
            #expect(voice.count == 1)
            #expect(voice.first?["type"] as? String == "message.call")
            #expect(
                (voice.first?["message"] as? [String: Any])?["text"] as? String
                    == "Your code is 1, 2, 3, 4. Again: 1, 2, 3, 4.")

            #expect(
                receiver.bodies(at: "/events").compactMap { $0["type"] as? String } == [
                    "verification.started", "verification.sent", "verification.escalated",
                    "verification.sent",
                    "verification.approved",
                ])
            let state = receiver.state.withLock { ($0.badSignatures, $0.deliveries, $0.rawBodies) }
            #expect(state.0 == 0)
            #expect(state.1.values.allSatisfy { $0 == 3 })
            #expect(state.1.count == 7)
            let eventBodies = state.2.filter { $0.contains("\"verification.") }
            #expect(!eventBodies.isEmpty)
            #expect(eventBodies.allSatisfy { !$0.contains("1234") && !$0.contains("\"text\"") })
            #expect(try await setup.state.deadLetters(limit: 100).isEmpty)
        }
    }

    @Test("after the last try: a dead letter (no body for a message), and a delivery failure")
    func deadLetter() async throws {
        let receiver = WebhookReceiver(secret: Self.secret, failuresPerEvent: 100)
        try await receiver.start()
        defer { receiver.stop() }
        try await withClient { client in
            let setup = try Self.setup(receiver, client: client, attempts: 2)
            defer { setup.stop() }
            let outcome = try await setup.engine.startPhoneMatch(
                KannelTests.phoneMatch("+12015550116", message: "Code {pin}"), caller: .init(account: "u"))
            guard case .fail(let detail, _, let record?) = outcome else {
                Issue.record("not a failure: \(outcome)")
                return
            }
            #expect(detail == .failedToSendToNumber)
            await setup.events.idle()
            let letters = try await setup.state.deadLetters(limit: 100)
            let message = letters.first { $0.eventID == "\(record.id)-1" }
            #expect(message?.body == nil)
            #expect(message?.orderingKey == record.id)
            #expect(message?.attempts == 2)
            #expect(message?.lastError == "http_500")
            // Events are kept for replay: they hold no code.
            let events = letters.filter { $0.eventID.hasPrefix("evt_") }
            #expect(events.count == 2)  // started, delivery_failed
            #expect(events.allSatisfy { $0.body != nil })
            let failure = await setup.recorder.events.last { $0.verificationID == record.id }
            #expect(failure?.kind == .deliveryFailed(.sms, reason: "unreachable"))
        }
    }

    @Test("SMS only: a call step ends in a delivery failure and the iDenfy ladder goes on")
    func smsOnlyLadder() async throws {
        let receiver = WebhookReceiver(secret: Self.secret, failuresPerEvent: 0)
        try await receiver.start()
        defer { receiver.stop() }
        try await withClient { client in
            let setup = try Self.setup(receiver, client: client, attempts: 1, voice: false)
            defer { setup.stop() }
            let record = try await setup.engine.sendIdenfySMS(
                IdenfySendSMSRequest(phoneNumber: "+12015550117"), caller: .init(account: "key"))
            _ = setup.clock.advance(by: .seconds(120))
            try await setup.engine.runDueSteps()
            _ = setup.clock.advance(by: .seconds(180))
            try await setup.engine.runDueSteps()
            #expect(
                await setup.recorder.kinds(of: record.id) == [
                    "started", "sent", "escalated", "delivery_failed", "escalated", "delivery_failed",
                ])
            let failures = await setup.recorder.events.filter {
                $0.verificationID == record.id && $0.kind == .deliveryFailed(.call, reason: "no_channel")
            }
            #expect(failures.count == 2)
            let stored = try await setup.engine.store.verification(id: record.id)
            #expect(stored?.state == .pending)
            #expect(stored?.codeGeneration == 2)
            await setup.events.idle()
        }
    }
}
