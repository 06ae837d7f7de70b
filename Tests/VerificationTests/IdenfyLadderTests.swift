import OTPProviders
import Testing
import Verification
import VerificationTestSupport

/// iDenfy send-sms / verify-sms and the SMS→call ladder, at the edges of its timeline.
@Suite("iDenfy flows")
struct IdenfyLadderTests {
    static let number = "+12015550123"

    @Test("send-sms: a 32-character request_id and the document's SMS text", arguments: StoreKind.allCases)
    func send(_ kind: StoreKind) async throws {
        let h = try await Harness.make(kind)
        let record = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: Self.number, senderName: "The Sender"), caller: Harness.caller)
        #expect(record.id.count == 32 && record.id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        let code = try #require(h.channel.lastCode(to: Self.number))
        #expect(code.count == 4)
        #expect(h.channel.messages.last?.text == "The Sender code: \(code). Valid for 5 minutes.")
        _ = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+442079460958"), caller: Harness.caller)
        let other = try #require(h.channel.lastCode(to: "+442079460958"))
        #expect(h.channel.messages.last?.text == "iDenfy code: \(other). Valid for 5 minutes.")
    }

    @Test("send-sms refuses what the document's field rules refuse")
    func invalid() async throws {
        let h = try await Harness.make(.memory)
        for request in [
            IdenfySendSMSRequest(phoneNumber: "2015550123"),
            IdenfySendSMSRequest(phoneNumber: Self.number, senderName: "A sender name too long"),
        ] {
            do {
                _ = try await h.engine.sendIdenfySMS(request, caller: Harness.caller)
                Issue.record("accepted \(request)")
            } catch {
                #expect(error.identifier == "invalid_request")
            }
        }
        #expect(h.channel.messages.isEmpty)
    }

    /// One moment of the ladder: after `seconds`, which messages exist and which codes pass.
    struct Edge: Sendable, CustomTestStringConvertible {
        let seconds: Int64
        let calls: Int
        /// Which code is checked: 1 the SMS code, 2 the second call's code.
        let code: Int
        let verified: Bool
        var testDescription: String {
            "\(seconds / 60):\(seconds % 60 < 10 ? "0" : "")\(seconds % 60) code \(code)"
        }
    }

    @Test(
        "The ladder's edges: call with the same code at 2:00, a new code at 5:00, all over at 10:00",
        arguments: StoreKind.allCases,
        [
            Edge(seconds: 119, calls: 0, code: 1, verified: true),
            Edge(seconds: 120, calls: 1, code: 1, verified: true),
            Edge(seconds: 299, calls: 1, code: 1, verified: true),
            Edge(seconds: 300, calls: 2, code: 1, verified: false),
            Edge(seconds: 300, calls: 2, code: 2, verified: true),
            Edge(seconds: 599, calls: 2, code: 2, verified: true),
            Edge(seconds: 600, calls: 2, code: 2, verified: false),
        ])
    func ladder(_ kind: StoreKind, _ edge: Edge) async throws {
        let h = try await Harness.make(kind)
        let record = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: Self.number), caller: Harness.caller)
        let first = try #require(h.channel.lastCode(to: Self.number))
        // As a worker that runs every second would: each step at its moment, then the edge.
        var elapsed: Int64 = 0
        for moment: Int64 in [120, 300, 600, edge.seconds].sorted()
        where moment <= edge.seconds && moment > elapsed {
            h.clock.advance(by: .seconds(moment - elapsed))
            elapsed = moment
            try await h.engine.runDueSteps()
        }
        let calls = h.channel.messages(to: Self.number).filter { $0.kind == .call }
        #expect(calls.count == edge.calls)
        if edge.calls >= 1 {
            #expect(calls[0].text == VoiceScript.render(code: first))
        }
        var code = first
        if edge.code == 2 {
            code = try #require(h.channel.lastCode(to: Self.number))
            #expect(calls.count == 2)
        }
        #expect(try await h.engine.verifyIdenfySMS(requestID: record.id, code: Secret(code)) == edge.verified)
    }

    @Test(
        "verify-sms is true once; false for a wrong code, a repeat, an unknown id, and after five wrong entries"
    )
    func verify() async throws {
        for kind in StoreKind.allCases {
            let h = try await Harness.make(kind)
            let record = try await h.engine.sendIdenfySMS(
                IdenfySendSMSRequest(phoneNumber: Self.number), caller: Harness.caller)
            let code = try #require(h.channel.lastCode(to: Self.number))
            let wrong = code == "0000" ? "0001" : "0000"
            #expect(try await h.engine.verifyIdenfySMS(requestID: record.id, code: Secret(wrong)) == false)
            #expect(try await h.engine.verifyIdenfySMS(requestID: record.id, code: Secret(code)))
            #expect(try await h.engine.verifyIdenfySMS(requestID: record.id, code: Secret(code)) == false)
            #expect(
                try await h.engine.verifyIdenfySMS(
                    requestID: String(repeating: "0", count: 32), code: Secret(code))
                    == false)
            let reasons = h.observer.all.compactMap { event -> RejectionReason? in
                if case .rejected(let reason) = event.kind { return reason }
                return nil
            }
            #expect(reasons == [.wrongCode, .alreadyApproved, .unknown])

            let locked = try await h.engine.sendIdenfySMS(
                IdenfySendSMSRequest(phoneNumber: "+12015550124"), caller: Harness.caller)
            let lockedCode = try #require(h.channel.lastCode(to: "+12015550124"))
            let bad = lockedCode == "0000" ? "0001" : "0000"
            for _ in 0..<5 {
                #expect(try await h.engine.verifyIdenfySMS(requestID: locked.id, code: Secret(bad)) == false)
            }
            #expect(
                try await h.engine.verifyIdenfySMS(requestID: locked.id, code: Secret(lockedCode)) == false)
            let state = try await h.engine.store.verification(id: locked.id)
            #expect(state?.state == .locked && state?.attempts == 5)
        }
    }

    @Test("Approved before 2:00: no call is made")
    func noCallAfterApproval() async throws {
        let h = try await Harness.make(.sqlite)
        let record = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: Self.number), caller: Harness.caller)
        let code = try #require(h.channel.lastCode(to: Self.number))
        #expect(try await h.engine.verifyIdenfySMS(requestID: record.id, code: Secret(code)))
        h.clock.advance(by: .seconds(700))
        #expect(try await h.engine.runDueSteps() == 3)
        #expect(h.channel.messages.count == 1)
    }

    @Test("A failed SMS does not stop the ladder; a missing voice channel is a delivery failure, not a crash")
    func deliveryFailures() async throws {
        let h = try await Harness.make(.memory, failing: [Self.number])
        let record = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: Self.number), caller: Harness.caller)
        for _ in 0..<2 {
            h.clock.advance(by: .seconds(150))
            try await h.engine.runDueSteps()
        }
        #expect(
            h.observer.kinds(record.id) == [
                "started", "delivery_failed", "escalated", "delivery_failed", "escalated", "delivery_failed",
            ])
    }
}
