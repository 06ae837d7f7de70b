import AsyncHTTPClient
import Delivery
import Foundation
import OTPProviders
import Testing
import Verification
import VerificationSQLite

/// The Kannel channel against a real Kannel on loopback, with fakesmsc as the carrier.
@Suite("Kannel on loopback", .enabled(if: KannelGateway.isEnabled, KannelGateway.skipReason))
struct KannelTests {
    /// A PhoneMatch SMS request with `message` as its template.
    static func phoneMatch(_ phone: String, message: String) -> PhoneMatchInitialRequest {
        PhoneMatchInitialRequest(
            user: "user", password: Secret("pass"), service: .sms,
            options: .init(outOfBand: .init(message: message)),
            target: .init(firstName: "Ada", lastName: "Lovelace", phone: phone))
    }

    static let filler = String(repeating: "Lorem ipsum dolor sit amet. ", count: 8)

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var number: String
        var template: String
        /// What the handset shows, the parts joined.
        var expected: String
        /// fakesmsc's type for each part.
        var types: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "GSM-7 as it is", number: "+12015550110", template: "Your code is {pin}",
            expected: "Your code is 123456", types: ["text"]),
        Case(
            name: "Greek in UCS-2", number: "+12015550111", template: "Ο κωδικός σας: {pin}",
            expected: "Ο κωδικός σας: 123456", types: ["ucs-2"]),
        Case(
            name: "two concatenated parts", number: "+12015550112", template: "Your code is {pin}. \(filler)",
            expected: "Your code is 123456. \(filler)", types: ["udh", "udh"]),
    ]

    @Test("what the carrier receives", arguments: cases)
    func carrierReceives(_ example: Case) async throws {
        try await KannelGateway.with { gateway in
            try await withClient { client in
                let events = EventRecorder()
                let channel = KannelChannel(
                    configuration: KannelConfiguration(
                        sendsmsURL: gateway.sendsmsURL, username: KannelGateway.username,
                        password: KannelGateway.password),
                    client: client, store: InMemoryDeliveryStateStore())
                let engine = try makeEngine(channel: channel, observer: events)
                let outcome = try await engine.startPhoneMatch(
                    Self.phoneMatch(example.number, message: example.template), caller: .init(account: "user")
                )
                guard case .pending(let record) = outcome else {
                    Issue.record("not pending: \(outcome)")
                    return
                }
                #expect(await events.kinds(of: record.id) == ["started", "sent"])
                let lines = try await gateway.waitForMessages(to: example.number, count: example.types.count)
                let messages = lines.compactMap(CarrierMessage.init)
                #expect(messages.map(\.type) == example.types)
                #expect(messages.allSatisfy { $0.from == "Dialtone" })
                #expect(messages.map(\.text).joined() == example.expected)
                if example.types.count > 1 {
                    // Concatenation header (IEI 0, length 3): reference, total, sequence number.
                    #expect(messages.map { Array($0.udh.suffix(2)) } == [[2, 1], [2, 2]])
                    #expect(Set(messages.map { $0.udh[3] }).count == 1)
                }
            }
        }
    }

    @Test("a number Kannel cannot route: refused at once, no retry, nothing reaches the carrier")
    func notRoutable() async throws {
        try await KannelGateway.with { gateway in
            try await withClient { client in
                let events = EventRecorder()
                let sleeper = CountingSleeper()
                let policy = RetryPolicy(attempts: 3)
                let channel = KannelChannel(
                    configuration: KannelConfiguration(
                        sendsmsURL: gateway.sendsmsURL, username: KannelGateway.username,
                        password: KannelGateway.password, retry: policy),
                    client: client, store: InMemoryDeliveryStateStore(), backoff: sleeper.backoff(policy))
                let engine = try makeEngine(channel: channel, observer: events)
                // The gateway routes +1 only (`allowed-prefix`): Kannel answers 403 "Not routable".
                let outcome = try await engine.startPhoneMatch(
                    Self.phoneMatch("+447400123456", message: "Code {pin}"), caller: .init(account: "user"))
                guard case .fail(let detail, _, let record?) = outcome else {
                    Issue.record("not a failure: \(outcome)")
                    return
                }
                #expect(detail == .failedToSendToNumber)
                #expect(sleeper.count == 0)
                #expect(await events.kinds(of: record.id) == ["started", "delivery_failed"])
                #expect(
                    await events.events.last?.kind == .deliveryFailed(.sms, reason: "refused"))
                #expect(gateway.received().allSatisfy { !$0.contains("+447400123456") })
            }
        }
    }

    @Test("Kannel stopped: bounded retries, then the failure event; after it is back, no duplicate")
    func kannelStopped() async throws {
        try await KannelGateway.with { gateway in
            try await withClient { client in
                let events = EventRecorder()
                let sleeper = CountingSleeper()
                let policy = RetryPolicy(attempts: 3, baseDelay: .milliseconds(100))
                let channel = KannelChannel(
                    configuration: KannelConfiguration(
                        sendsmsURL: gateway.sendsmsURL, username: KannelGateway.username,
                        password: KannelGateway.password, retry: policy),
                    client: client, store: InMemoryDeliveryStateStore(), backoff: sleeper.backoff(policy))
                let engine = try makeEngine(channel: channel, observer: events)
                gateway.stopSMSBox()

                let failed = try await engine.startPhoneMatch(
                    Self.phoneMatch("+12015550113", message: "First {pin}"), caller: .init(account: "user"))
                guard case .fail(let detail, _, let record?) = failed else {
                    Issue.record("not a failure: \(failed)")
                    return
                }
                #expect(detail == .failedToSendToNumber)
                #expect(sleeper.count == 2)
                #expect(sleeper.waits.withLock { $0 } == [.milliseconds(75), .milliseconds(150)])
                let failure = await events.events.last { $0.verificationID == record.id }
                #expect(failure?.kind == .deliveryFailed(.sms, reason: "unreachable"))

                try await gateway.startSMSBox()
                let again = try await engine.startPhoneMatch(
                    Self.phoneMatch("+12015550114", message: "Second {pin}"), caller: .init(account: "user"))
                guard case .pending(let second) = again else {
                    Issue.record("not pending: \(again)")
                    return
                }
                // The same message handed over again (a step run twice) is not sent twice.
                let repeatMessage = OutboundMessage(
                    id: "\(second.id)-1", verificationID: second.id, to: "+12015550114", kind: .sms,
                    text: "Second 123456", sender: nil, createdAt: second.createdAt)
                try await channel.deliver(repeatMessage)
                // A marker sent last: once it has arrived, anything sent before it has too.
                try await channel.deliver(
                    OutboundMessage(
                        id: "marker", verificationID: "marker", to: "+12015550114", kind: .sms,
                        text: "marker",
                        sender: nil, createdAt: second.createdAt))
                let lines = try await gateway.waitForMessages(to: "+12015550114", count: 2)
                #expect(lines.compactMap(CarrierMessage.init).map(\.text) == ["Second 123456", "marker"])
                #expect(gateway.received().allSatisfy { !$0.contains("+12015550113") })
            }
        }
    }

    @Test(
        "an accepted message is not sent again after a restart (a new store and channel on the same SQLite file)"
    )
    func notResentAfterRestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dialtone-kannel-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        try await KannelGateway.with { gateway in
            try await withClient { client in
                func channel(_ store: SQLiteVerificationStore) -> KannelChannel {
                    KannelChannel(
                        configuration: KannelConfiguration(
                            sendsmsURL: gateway.sendsmsURL, username: KannelGateway.username,
                            password: KannelGateway.password),
                        client: client, store: store)
                }
                func message(_ id: String, _ text: String) -> OutboundMessage {
                    OutboundMessage(
                        id: id, verificationID: "restart", to: "+12015550122", kind: .sms, text: text,
                        sender: nil,
                        createdAt: SystemVerificationClock().now())
                }
                let before = try await SQLiteVerificationStore.open(path: path)
                try await channel(before).deliver(message("restart-1", "Your code is 246810"))
                await before.close()

                // The process restarted: the step that sent it runs again with the same message.
                let after = try await SQLiteVerificationStore.open(path: path)
                try await channel(after).deliver(message("restart-1", "Your code is 246810"))
                // A marker sent last: once it has arrived, anything sent before it has too.
                try await channel(after).deliver(message("restart-marker", "marker"))
                await after.close()
                let lines = try await gateway.waitForMessages(to: "+12015550122", count: 2)
                #expect(
                    lines.compactMap(CarrierMessage.init).map(\.text) == ["Your code is 246810", "marker"])
            }
        }
    }
}
