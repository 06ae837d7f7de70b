import Testing
import Verification
import VerificationTestSupport

/// `insert(_:steps:takingFrom:now:)` on every store and the protocol's default: limits taken in
/// order, an enforced refusal ends the start with nothing stored and later limits untouched, a
/// log-only refusal is reported and the start goes on.
@Suite("Starting: the limits and the verification in one store operation")
struct InsertWithLimitsTests {
    static let now = Timestamp(milliseconds: 1_000_000)
    /// One a minute: a second take within the minute is refused, retry after the rest of it.
    static let perMinute = RateLimit(count: 1, per: .seconds(60))

    /// Keys already used once at `now` before the start, the start's limits, and what follows.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var used: [String]
        var limits: [LimitRequest]
        var decisions: [RateDecision]
        var stored: Bool
        var testDescription: String { name }
    }

    static func take(_ key: String, enforced: Bool = true) -> LimitRequest {
        LimitRequest(key: key, limit: perMinute, enforced: enforced)
    }

    static let refused = RateDecision.refused(retryAfter: .seconds(60))

    static let cases: [Case] = [
        Case(name: "no limits", used: [], limits: [], decisions: [], stored: true),
        Case(
            name: "all free", used: [], limits: [take("a"), take("b")], decisions: [.allowed, .allowed],
            stored: true),
        Case(
            name: "the first refuses", used: ["a"], limits: [take("a"), take("b")], decisions: [refused],
            stored: false),
        Case(
            name: "the second refuses", used: ["b"], limits: [take("a"), take("b"), take("c")],
            decisions: [.allowed, refused], stored: false),
        Case(
            name: "a log-only refusal", used: ["a"], limits: [take("a", enforced: false), take("b")],
            decisions: [refused, .allowed], stored: true),
    ]

    @Test(arguments: CheckEntryTests.Kind.allCases, cases)
    func start(_ kind: CheckEntryTests.Kind, _ row: Case) async throws {
        let store = try await kind.make()
        for key in row.used { _ = try await store.acquire(key, limit: Self.perMinute, now: Self.now) }
        let outcome = try await store.insert(
            pendingRecord("v"), steps: [ScheduledStep(kind: .expire, dueAt: Self.now)],
            takingFrom: row.limits,
            now: Self.now)
        #expect(outcome == InsertOutcome(decisions: row.decisions, stored: row.stored))
        #expect((try await store.verification(id: "v") != nil) == row.stored)
        let steps = try await store.claimDueSteps(
            now: Self.now, limit: 10, leaseUntil: Self.now.adding(.seconds(1)))
        #expect(steps.count == (row.stored ? 1 : 0))
        // A limit after an enforced refusal was not touched: it is still free.
        if let refusedAt = row.decisions.firstIndex(of: Self.refused), row.limits[refusedAt].enforced {
            for later in row.limits.dropFirst(refusedAt + 1) {
                #expect(try await store.acquire(later.key, limit: Self.perMinute, now: Self.now) == .allowed)
            }
        }
        // A limit whose unit was taken is now used.
        for (request, decision) in zip(row.limits, row.decisions) where decision == .allowed {
            #expect(
                try await store.acquire(request.key, limit: Self.perMinute, now: Self.now) == Self.refused)
        }
    }

    /// Sixty-four concurrent starts of different verifications under one limit of ten: exactly
    /// ten are stored.
    @Test(arguments: CheckEntryTests.Kind.allCases)
    func concurrentStarts(_ kind: CheckEntryTests.Kind) async throws {
        let store = try await kind.make()
        let limit = LimitRequest(key: "number:+12015550123", limit: RateLimit(count: 10, per: .seconds(600)))
        let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    try await store.insert(
                        pendingRecord("v\(index)"), steps: [], takingFrom: [limit], now: Self.now
                    ).stored
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(stored == 10)
        var present = 0
        for index in 0..<64 where try await store.verification(id: "v\(index)") != nil { present += 1 }
        #expect(present == 10)
    }
}
