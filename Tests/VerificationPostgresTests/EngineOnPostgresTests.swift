import OTPProviders
import Testing
import Verification
import VerificationPostgres
import VerificationTestSupport

/// The real engine on the Postgres store: the flows end to end, and two engines sharing one
/// database.
@Suite(.enabled(if: PostgresServer.isEnabled, PostgresServer.skipReason))
struct EngineOnPostgresTests {
    @Test func idenfySendAndVerify() async throws {
        try await withStore { store in
            let channel = RecordingChannel()
            let engine = VerificationEngine(
                store: store, channel: channel, clock: VirtualClock(), keys: .random())
            let record = try await engine.sendIdenfySMS(
                IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: .init(account: "api-key"))
            let sms = try #require(channel.messages.first)
            #expect(sms.kind == .sms && sms.verificationID == record.id)
            let code = try #require(codeSaid(in: sms, digits: 4))
            let wrong = code == "0000" ? "1111" : "0000"
            #expect(try await engine.verifyIdenfySMS(requestID: record.id, code: Secret(wrong)) == false)
            #expect(try await engine.verifyIdenfySMS(requestID: record.id, code: Secret(code)) == true)
            #expect(try await engine.verifyIdenfySMS(requestID: record.id, code: Secret(code)) == false)
            let stored = try #require(try await store.verification(id: record.id))
            #expect(stored.state == .approved && stored.attempts == 2)
        }
    }

    @Test func phoneMatchStartAndContinue() async throws {
        try await withStore { store in
            let channel = RecordingChannel()
            let engine = VerificationEngine(
                store: store, channel: channel, clock: VirtualClock(), keys: .random())
            let request = PhoneMatchInitialRequest(
                user: "user", password: Secret("password"), service: .sms, reference: "order 7",
                target: .init(firstName: "Ada", lastName: "Lovelace", phone: "2015550123"))
            let outcome = try await engine.startPhoneMatch(request, caller: .init(account: "user"))
            guard case .pending(let record) = outcome else {
                Issue.record("expected PENDING, got \(outcome)")
                return
            }
            #expect(record.reference == "order 7")
            let message = try #require(channel.messages.first)
            let code = try #require(codeSaid(in: message, digits: 6))
            let result = try await engine.continuePhoneMatch(token: record.id, entry: Secret(code))
            #expect(result.passed && result.verification?.state == .approved)
            let again = try await engine.continuePhoneMatch(token: record.id, entry: Secret(code))
            #expect(!again.passed && again.reason == .alreadyApproved)
        }
    }

    @Test("iDenfy ladder: two engines run the 2:00 call once")
    func ladderAcrossTwoEngines() async throws {
        try await withStores(2) { stores in
            let channel = RecordingChannel()
            let clock = VirtualClock()
            let keys = VerificationKeys.random()  // instances sharing a database share the secret
            let engines = stores.map {
                VerificationEngine(store: $0, channel: channel, clock: clock, keys: keys)
            }
            let record = try await engines[0].sendIdenfySMS(
                IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: .init(account: "api-key"))
            let sms = try #require(channel.messages.first)
            let code = try #require(codeSaid(in: sms, digits: 4))

            #expect(try await engines[1].runDueSteps() == 0)
            clock.advance(by: .seconds(121))
            async let first = engines[0].runDueSteps()
            async let second = engines[1].runDueSteps()
            let done = try await [first, second]
            #expect(done.reduce(0, +) == 1)
            let calls = channel.messages.filter { $0.kind == .call }
            #expect(calls.count == 1)
            #expect(calls.first?.id == "\(record.id)-2")
            // The call says the same code, which either engine accepts.
            #expect(calls.first.flatMap { codeSaid(in: $0, digits: 4) } == code)

            // At 5:00 the new code goes out once, and the first code no longer works.
            clock.advance(by: .seconds(180))
            async let third = engines[0].runDueSteps()
            async let fourth = engines[1].runDueSteps()
            #expect(try await [third, fourth].reduce(0, +) == 1)
            let newCall = try #require(channel.messages.last)
            #expect(channel.messages.filter { $0.kind == .call }.count == 2 && newCall.id == "\(record.id)-3")
            let newCode = try #require(codeSaid(in: newCall, digits: 4))
            if newCode != code {
                #expect(
                    try await engines[1].verifyIdenfySMS(requestID: record.id, code: Secret(code)) == false)
            }
            #expect(try await engines[0].verifyIdenfySMS(requestID: record.id, code: Secret(newCode)) == true)
        }
    }
}
