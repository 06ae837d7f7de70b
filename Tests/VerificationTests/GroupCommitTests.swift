import Testing
import Verification
import VerificationSQLite
import VerificationTestSupport

/// The SQLite store's group commit: concurrent operations share transactions, and each stays
/// atomic on its own (one that fails is undone without undoing the others of its batch).
@Suite("SQLite group commit")
struct GroupCommitTests {
    static func record(_ id: String) -> VerificationRecord {
        VerificationRecord(
            id: id, flow: .idenfy, account: "a", phoneNumber: "+12015550123", region: "US", reference: nil,
            state: .pending, codeDigest: Array(repeating: 7, count: 32), codeGeneration: 1, attempts: 0,
            maxAttempts: 5, createdAt: Timestamp(milliseconds: 0), expiresAt: Timestamp(milliseconds: 60_000))
    }

    @Test(
        "128 concurrent inserts, half of them duplicates: exactly the new ones are stored, in fewer transactions"
    )
    func failuresStayAlone() async throws {
        let store = try await SQLiteVerificationStore.open(path: StoreKind.temporaryPath())
        for i in 0..<64 { try await store.insert(Self.record("old-\(i)"), steps: []) }
        let before = store.groupCommits
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for i in 0..<128 {
                // Even: a new id, with a step; odd: an id stored above (a primary-key violation),
                // whose step must not be left behind.
                let id = i % 2 == 0 ? "new-\(i)" : "old-\(i / 2)"
                group.addTask {
                    do {
                        try await store.insert(
                            Self.record(id),
                            steps: [ScheduledStep(kind: .expire, dueAt: Timestamp(milliseconds: Int64(i)))])
                        return (id, true)
                    } catch {
                        return (id, false)
                    }
                }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.count == 128)
        for (id, stored) in outcomes { #expect(stored == id.hasPrefix("new-"), "\(id)") }
        for i in stride(from: 0, to: 128, by: 2) {
            #expect(try await store.verification(id: "new-\(i)") != nil)
        }
        // Every new verification's step is there, and no duplicate left one behind.
        let due = try await store.claimDueSteps(
            now: Timestamp(milliseconds: 1_000), limit: 1_000, leaseUntil: Timestamp(milliseconds: 2_000))
        #expect(due.count == 64)
        #expect(Set(due.map(\.verificationID)) == Set(stride(from: 0, to: 128, by: 2).map { "new-\($0)" }))
        let after = store.groupCommits
        #expect(after.operations - before.operations == 128 + 1)
        #expect(after.batches - before.batches < 128)
    }

    @Test("64 concurrent takes of a limit of 10 on a file: exactly 10 allowed")
    func exactLimit() async throws {
        let store = try await SQLiteVerificationStore.open(path: StoreKind.temporaryPath())
        let limit = RateLimit(count: 10, per: .seconds(600))
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    try await store.acquire(
                        "number:+12015550123", limit: limit, now: Timestamp(milliseconds: 0))
                        == .allowed
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 10)
    }
}
