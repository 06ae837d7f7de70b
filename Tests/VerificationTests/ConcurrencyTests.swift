import OTPProviders
import Testing
import Verification
import VerificationSQLite
import VerificationTestSupport

/// Races: many checks of one verification at once, two engines on one database, a restart.
@Suite("Concurrent checks")
struct ConcurrencyTests {
    @Test("64 concurrent right entries: exactly one is verified", arguments: StoreKind.allCases)
    func oneWinner(_ kind: StoreKind) async throws {
        var policy = VerificationPolicy()
        policy.idenfy.maxAttempts = 64
        let h = try await Harness.make(kind, policy: policy)
        let record = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: Harness.caller)
        let code = try #require(h.channel.lastCode(to: "+12015550123"))
        let engine = h.engine
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask { try await engine.verifyIdenfySMS(requestID: record.id, code: Secret(code)) }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        // Entries after the approval are refused without being counted.
        let attempts = try #require(try await engine.store.verification(id: record.id)?.attempts)
        #expect((1...64).contains(attempts))
    }

    @Test(
        "64 concurrent wrong entries: the attempt count is exact and the limit holds",
        arguments: StoreKind.allCases)
    func exactCount(_ kind: StoreKind) async throws {
        let h = try await Harness.make(kind)
        let record = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: Harness.caller)
        let code = try #require(h.channel.lastCode(to: "+12015550123"))
        let wrong = code == "0000" ? "0001" : "0000"
        let engine = h.engine
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask { try await engine.verifyIdenfySMS(requestID: record.id, code: Secret(wrong)) }
            }
            for try await verified in group { #expect(!verified) }
        }
        let stored = try await engine.store.verification(id: record.id)
        #expect(stored?.attempts == 5)
        #expect(stored?.state == .locked)
        #expect(try await engine.verifyIdenfySMS(requestID: record.id, code: Secret(code)) == false)
        #expect(h.observer.all.filter { $0.kind == .rejected(.wrongCode) }.count == 5)
        #expect(h.observer.all.filter { $0.kind == .rejected(.tooManyAttempts) }.count == 60)
    }

    @Test("Two engines on one SQLite file: one winner of 64, each due call made once")
    func twoEngines() async throws {
        let path = StoreKind.temporaryPath()
        let clock = VirtualClock()
        let keys = VerificationKeys.random()
        var policy = VerificationPolicy()
        policy.idenfy.maxAttempts = 64
        let a = Harness(
            store: try await SQLiteVerificationStore.open(path: path), policy: policy, keys: keys,
            clock: clock)
        let b = Harness(
            store: try await SQLiteVerificationStore.open(path: path), policy: policy, keys: keys,
            clock: clock)
        let record = try await a.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: Harness.caller)
        let code = try #require(a.channel.lastCode(to: "+12015550123"))
        let engines = [a.engine, b.engine]
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<64 {
                let engine = engines[i % 2]
                group.addTask { try await engine.verifyIdenfySMS(requestID: record.id, code: Secret(code)) }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)

        // Ten pending ladders, both engines' workers racing at 2:00: one call each.
        for i in 0..<10 {
            _ = try await a.engine.sendIdenfySMS(
                IdenfySendSMSRequest(phoneNumber: "+1201555\(1000 + i)"), caller: Harness.caller)
        }
        clock.advance(by: .seconds(120))
        async let first = a.engine.runDueSteps()
        async let second = b.engine.runDueSteps()
        let steps = try await first + second
        // The ten ladders' calls, and the approved verification's step (done without a call).
        #expect(steps == 11)
        let calls = (a.channel.messages + b.channel.messages).filter { $0.kind == .call }
        #expect(calls.count == 10)
        #expect(Set(calls.map(\.to)).count == 10)
    }

    @Test("A restart after scheduling: the new process makes the call once")
    func restart() async throws {
        let path = StoreKind.temporaryPath()
        let clock = VirtualClock()
        let keys = VerificationKeys.random()
        let before = try await SQLiteVerificationStore.open(path: path)
        let first = Harness(store: before, keys: keys, clock: clock)
        let record = try await first.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: Harness.caller)
        let code = try #require(first.channel.lastCode(to: "+12015550123"))
        await before.close()

        clock.advance(by: .seconds(130))
        let second = Harness(
            store: try await SQLiteVerificationStore.open(path: path), keys: keys, clock: clock)
        #expect(try await second.engine.runDueSteps() == 1)
        #expect(try await second.engine.runDueSteps() == 0)
        let calls = second.channel.messages.filter { $0.kind == .call }
        #expect(calls.count == 1)
        #expect(calls.first?.text == VoiceScript.render(code: code))
        #expect(try await second.engine.verifyIdenfySMS(requestID: record.id, code: Secret(code)))
    }
}
