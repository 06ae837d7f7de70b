import Testing
import Verification
import VerificationTestSupport

/// `claimDueSteps` on every store: the earliest due first, at most `limit`, a leased step not
/// handed out again until its lease has lapsed, a completed one never again.
@Suite("Claiming due steps")
struct StepClaimTests {
    static func at(_ milliseconds: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds) }

    @Test(arguments: StoreKind.allCases)
    func claims(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        // Inserted out of order of due time: a at 300, 100; b at 200, 900; c at 50.
        try await store.insert(
            pendingRecord("a"),
            steps: [
                ScheduledStep(kind: .expire, dueAt: Self.at(300)),
                ScheduledStep(kind: .expire, dueAt: Self.at(100)),
            ])
        try await store.insert(
            pendingRecord("b"),
            steps: [
                ScheduledStep(kind: .expire, dueAt: Self.at(200)),
                ScheduledStep(kind: .expire, dueAt: Self.at(900)),
            ])
        try await store.insert(pendingRecord("c"), steps: [ScheduledStep(kind: .expire, dueAt: Self.at(50))])

        #expect(
            try await store.claimDueSteps(now: Self.at(10), limit: 10, leaseUntil: Self.at(1_000)).isEmpty)
        // Due at 250: c (50), a (100), b (200); two of them, earliest first.
        let first = try await store.claimDueSteps(now: Self.at(250), limit: 2, leaseUntil: Self.at(1_000))
        #expect(first.map(\.step.dueAt) == [Self.at(50), Self.at(100)])
        #expect(first.map(\.verificationID) == ["c", "a"])
        // The third, then nothing: the first two are leased until 1,000.
        let second = try await store.claimDueSteps(now: Self.at(260), limit: 10, leaseUntil: Self.at(1_000))
        #expect(second.map(\.verificationID) == ["b"])
        #expect(
            try await store.claimDueSteps(now: Self.at(290), limit: 10, leaseUntil: Self.at(1_000)).isEmpty)
        // c's step is done; at 1,000 the leases lapse: a's two (100 and now 300), b's (200 and 900).
        try await store.completeStep(first[0].stepID)
        let third = try await store.claimDueSteps(now: Self.at(1_000), limit: 10, leaseUntil: Self.at(2_000))
        #expect(third.map(\.step.dueAt) == [Self.at(100), Self.at(200), Self.at(300), Self.at(900)])
        #expect(!third.contains { $0.stepID == first[0].stepID })
        #expect(
            try await store.claimDueSteps(now: Self.at(1_999), limit: 10, leaseUntil: Self.at(3_000)).isEmpty)
    }
}
