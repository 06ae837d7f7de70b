import Delivery
import OTPProviders
import Testing
import Verification

/// ``VerificationEngine/recordDeliveryReport(verificationID:kind:status:reason:)`` on each flow.
@Suite("Delivery reports in the engine")
struct DeliveryReportEngineTests {
    /// A channel that takes every message.
    struct Accepting: DeliveryChannel {
        func deliver(_ message: OutboundMessage) async throws(DeliveryFailure) {}
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var flow: VerificationFlow
        var status: DeliveryReportStatus
        var ends: Bool
        var state: VerificationState
        var event: VerificationEvent.Kind
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "PhoneMatch SMS, failed: ends the flow", flow: .phoneMatchSMS, status: .failed, ends: true,
            state: .deliveryFailed, event: .deliveryFailed(.sms, reason: "not_delivered")),
        Case(
            name: "PhoneMatch SMS, delivered: stays pending", flow: .phoneMatchSMS, status: .delivered,
            ends: false, state: .pending, event: .delivered(.sms)),
        Case(
            name: "iDenfy, failed: the ladder goes on", flow: .idenfy, status: .failed, ends: false,
            state: .pending, event: .deliveryFailed(.sms, reason: "not_delivered")),
    ]

    @Test("a report's effect", arguments: cases)
    func report(_ example: Case) async throws {
        let events = EventRecorder()
        let engine = try makeEngine(channel: Accepting(), observer: events)
        let id: String
        if example.flow == .idenfy {
            id =
                try await engine.sendIdenfySMS(
                    IdenfySendSMSRequest(phoneNumber: "+12015550119"), caller: .init(account: "k")
                ).id
        } else {
            let outcome = try await engine.startPhoneMatch(
                KannelTests.phoneMatch("+12015550119", message: "Code {pin}"), caller: .init(account: "u"))
            guard case .pending(let record) = outcome else {
                Issue.record("not pending: \(outcome)")
                return
            }
            id = record.id
        }
        let ended = try await engine.recordDeliveryReport(
            verificationID: id, kind: .sms, status: example.status, reason: "not_delivered")
        #expect(ended == example.ends)
        #expect(try await engine.store.verification(id: id)?.state == example.state)
        #expect(await events.events.last?.kind == example.event)
        // A second report changes nothing more.
        #expect(
            try await engine.recordDeliveryReport(
                verificationID: id, kind: .sms, status: example.status, reason: "not_delivered") == false)
    }

    @Test("a report for an unknown verification is ignored")
    func unknown() async throws {
        let events = EventRecorder()
        let engine = try makeEngine(channel: Accepting(), observer: events)
        #expect(
            try await engine.recordDeliveryReport(
                verificationID: "nope", kind: .sms, status: .failed, reason: "not_delivered") == false)
        #expect(await events.events.isEmpty)
    }

    @Test("after a failed report, PhoneMatch continue with the right code does not pass")
    func continueAfterFailure() async throws {
        let engine = try makeEngine(channel: Accepting(), observer: EventRecorder())
        let outcome = try await engine.startPhoneMatch(
            KannelTests.phoneMatch("+12015550119", message: "Code {pin}"), caller: .init(account: "u"))
        guard case .pending(let record) = outcome else {
            Issue.record("not pending: \(outcome)")
            return
        }
        try await engine.recordDeliveryReport(
            verificationID: record.id, kind: .sms, status: .failed, reason: "not_delivered")
        let answer = try await engine.continuePhoneMatch(token: record.id, entry: Secret("123456"))
        #expect(!answer.passed)
        #expect(answer.verification?.state == .deliveryFailed)
    }
}

/// ``DeliveryReportOrdering``: a report waits for the send it is about.
@Suite("Delivery report ordering")
struct DeliveryReportOrderingTests {
    static func sent(_ id: String, _ kind: DeliveryKind) -> VerificationEvent {
        VerificationEvent(
            kind: .sent(kind), verificationID: id, flow: .phoneMatchSMS, region: "US",
            at: Timestamp(milliseconds: 0))
    }

    @Test("a waiting report is released by the send, another kind or verification is not")
    func released() async {
        let ordering = DeliveryReportOrdering()
        async let waited = ordering.waitUntilSent(verificationID: "a", kind: .sms, timeout: .seconds(10))
        await ordering.record(Self.sent("b", .sms))
        await ordering.record(Self.sent("a", .call))
        await ordering.record(Self.sent("a", .sms))
        #expect(await waited)
        #expect(await ordering.waitUntilSent(verificationID: "a", kind: .sms, timeout: .zero))
    }

    @Test("without the send, the wait ends at the timeout")
    func timesOut() async {
        let ordering = DeliveryReportOrdering(capacity: 1)
        await ordering.record(Self.sent("old", .sms))
        await ordering.record(Self.sent("new", .sms))
        // The oldest send is forgotten beyond the capacity.
        #expect(
            !(await ordering.waitUntilSent(verificationID: "old", kind: .sms, timeout: .milliseconds(50))))
        #expect(await ordering.waitUntilSent(verificationID: "new", kind: .sms, timeout: .zero))
    }
}
