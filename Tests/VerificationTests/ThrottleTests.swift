import OTPProviders
import Testing
import Verification
import VerificationTestSupport

/// Throttles: the GCRA arithmetic, the per-number default, and the operator's limits and guard.
@Suite("Throttles")
struct ThrottleTests {
    @Test(
        "GCRA: 5 per 10 minutes is a burst of 5, then one every 2 minutes, on every store",
        arguments: StoreKind.allCases)
    func gcra(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let limit = RateLimit(count: 5, per: .seconds(600))
        var now = Timestamp(seconds: 1_000_000)
        for _ in 0..<5 { #expect(try await store.acquire("k", limit: limit, now: now) == .allowed) }
        #expect(try await store.acquire("k", limit: limit, now: now) == .refused(retryAfter: .seconds(120)))
        now = now.adding(.seconds(119))
        #expect(try await store.acquire("k", limit: limit, now: now) == .refused(retryAfter: .seconds(1)))
        now = now.adding(.seconds(1))
        #expect(try await store.acquire("k", limit: limit, now: now) == .allowed)
        #expect(try await store.acquire("k", limit: limit, now: now) == .refused(retryAfter: .seconds(120)))
        #expect(try await store.acquire("other", limit: limit, now: now) == .allowed)
        // After a quiet window the full burst is back.
        now = now.adding(.seconds(600))
        for _ in 0..<5 { #expect(try await store.acquire("k", limit: limit, now: now) == .allowed) }
    }

    @Test("64 concurrent takes of a limit of 5: exactly 5 allowed", arguments: StoreKind.allCases)
    func gcraConcurrent(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let limit = RateLimit(count: 5, per: .seconds(600))
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    try await store.acquire("k", limit: limit, now: Timestamp(seconds: 5)) == .allowed
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 5)
    }

    @Test(
        "By default a number gets 5 sends per 10 minutes, with a retry-after", arguments: StoreKind.allCases)
    func perNumberDefault(_ kind: StoreKind) async throws {
        let h = try await Harness.make(kind)
        for _ in 0..<5 {
            _ = try await h.engine.sendIdenfySMS(
                IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: Harness.caller)
        }
        do {
            _ = try await h.engine.startPhoneMatch(Harness.phoneMatch("2015550123"), caller: Harness.caller)
            Issue.record("sixth send allowed")
        } catch {
            #expect(error == .throttled(.perNumber, retryAfter: .seconds(120)))
        }
        #expect(h.channel.messages.count == 5)
        // Other numbers and the same caller are not affected: a gateway is often the only client.
        for i in 0..<20 {
            _ = try await h.engine.sendIdenfySMS(
                IdenfySendSMSRequest(phoneNumber: "+1201555\(2000 + i)"), caller: Harness.caller)
        }
        h.clock.advance(by: .seconds(120))
        _ = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: Harness.caller)
    }

    struct GuardCase: Sendable, CustomTestStringConvertible {
        let name: String
        let policy: ThrottlePolicy
        let caller: VerificationEngine.Caller
        let numbers: [String]
        /// The rule expected to refuse the last number, nil when all pass.
        let refusedBy: ThrottleRule?
        var testDescription: String { name }
    }

    static let guardCases: [GuardCase] = [
        GuardCase(
            name: "per account", policy: ThrottlePolicy(perAccount: RateLimit(count: 2, per: .seconds(60))),
            caller: .init(account: "a"), numbers: ["+12015550101", "+12015550102", "+12015550103"],
            refusedBy: .perAccount),
        GuardCase(
            name: "per client address",
            policy: ThrottlePolicy(perClientAddress: RateLimit(count: 1, per: .seconds(60))),
            caller: .init(account: "a", clientAddress: "192.0.2.1"),
            numbers: ["+12015550101", "+12015550102"],
            refusedBy: .perClientAddress),
        GuardCase(
            name: "resend cooldown", policy: ThrottlePolicy(resendCooldown: .seconds(30)),
            caller: .init(account: "a"),
            numbers: ["+12015550101", "+12015550101"], refusedBy: .resendCooldown),
        GuardCase(
            name: "country velocity",
            policy: ThrottlePolicy(
                pumping: PumpingGuard(perCountry: RateLimit(count: 2, per: .seconds(3600)))),
            caller: .init(account: "a"),
            numbers: ["+442079460958", "+442079460959", "+12015550101", "+442079460960"],
            refusedBy: .countryVelocity),
        GuardCase(
            name: "prefix velocity",
            policy: ThrottlePolicy(
                pumping: PumpingGuard(perPrefix: RateLimit(count: 1, per: .seconds(3600)), prefixDigits: 7)),
            caller: .init(account: "a"), numbers: ["+442079460958", "+442079460959"],
            refusedBy: .prefixVelocity),
        GuardCase(
            name: "premium rate", policy: ThrottlePolicy(pumping: PumpingGuard(refusePremiumRate: true)),
            caller: .init(account: "a"), numbers: ["+449098790360"], refusedBy: .premiumRate),
        GuardCase(
            name: "non-mobile SMS", policy: ThrottlePolicy(pumping: PumpingGuard(refuseNonMobileSMS: true)),
            caller: .init(account: "a"), numbers: ["+447400123456", "+442079460958"], refusedBy: .nonMobile),
        GuardCase(
            name: "log-only guard refuses nothing",
            policy: ThrottlePolicy(pumping: PumpingGuard(refusePremiumRate: true, logOnly: true)),
            caller: .init(account: "a"), numbers: ["+449098790360"], refusedBy: nil),
    ]

    /// The rule that refused `body`, or nil when it did not throw a throttle refusal.
    static func refusal(_ body: () async throws(VerificationError) -> Void) async -> ThrottleRule? {
        do {
            try await body()
            return nil
        } catch {
            if case .throttled(let rule, _) = error { return rule }
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test("The operator's throttles and the anti-pumping guard", arguments: guardCases)
    func operatorLimits(_ c: GuardCase) async throws {
        let h = try await Harness.make(.memory, policy: VerificationPolicy(throttles: c.policy))
        for (index, number) in c.numbers.enumerated() {
            let last = index == c.numbers.count - 1
            let refusedBy = await Self.refusal { () async throws(VerificationError) in
                _ = try await h.engine.sendIdenfySMS(
                    IdenfySendSMSRequest(phoneNumber: number), caller: c.caller)
            }
            #expect(refusedBy == (last ? c.refusedBy : nil), "\(number)")
        }
        let throttled = h.observer.all.filter { $0.kind.identifier == "throttled" }
        #expect(throttled.count == 1 || c.refusedBy != nil)
        if c.refusedBy == nil {
            #expect(throttled.first?.kind == .throttled(.premiumRate, enforced: false))
        }
    }
}
