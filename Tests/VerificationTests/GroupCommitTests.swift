import Testing
import Verification
import VerificationSQLite
import VerificationTestSupport

/// The SQLite store's group commit: concurrent operations share transactions, and each stays
/// atomic on its own (one that fails is undone without undoing the others of its batch).
@Suite("SQLite group commit")
struct GroupCommitTests {
    @Test(
        "128 inserts in one batch, half of them duplicates: exactly the new ones are stored, in one transaction"
    )
    func failuresStayAlone() async throws {
        let store = try await SQLiteVerificationStore.open(path: StoreKind.temporaryPath())
        for i in 0..<64 { try await store.insert(pendingRecord("old-\(i)"), steps: []) }
        let before = store.groupCommits
        store.holdWrites()
        let inserts = Task {
            await withTaskGroup(of: (String, Bool).self) { group in
                for i in 0..<128 {
                    // Even: a new id, with a step; odd: an id stored above (a primary-key
                    // violation), whose step must not be left behind.
                    let id = i % 2 == 0 ? "new-\(i)" : "old-\(i / 2)"
                    group.addTask {
                        do {
                            try await store.insert(
                                pendingRecord(id),
                                steps: [
                                    ScheduledStep(kind: .expire, dueAt: Timestamp(milliseconds: Int64(i)))
                                ])
                            return (id, true)
                        } catch {
                            return (id, false)
                        }
                    }
                }
                return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(120))
        while store.waitingWrites < 128, clock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        try #require(store.waitingWrites == 128)
        store.resumeWrites()
        let outcomes = await inserts.value
        #expect(store.groupCommits.batches - before.batches == 1)
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
        #expect(store.groupCommits.operations - before.operations == 128 + 1)
    }

    @Test("An operation that throws after writing is undone alone; the rest of its batch is committed")
    func partialWritesUndone() async throws {
        let store = try await SQLiteVerificationStore.open(path: StoreKind.temporaryPath())
        store.holdWrites()
        let writes = Task {
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<32 {
                    group.addTask {
                        // Every operation writes a row; the odd ones then throw.
                        _ = try? await store.write { (db) throws(VerificationStoreError) in
                            try db.run("INSERT INTO rate_limits (key, tat) VALUES (?, 1)", .text("k-\(i)"))
                            if i % 2 == 1 { throw .corruptRow("test") }
                        }
                    }
                }
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(120))
        while store.waitingWrites < 32, clock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        try #require(store.waitingWrites == 32)
        store.resumeWrites()
        await writes.value
        let keys = try await store.write { (db) throws(VerificationStoreError) -> Set<String> in
            var keys: Set<String> = []
            try db.run("SELECT key FROM rate_limits") { row in keys.insert(row.text(0) ?? "") }
            return keys
        }
        #expect(keys == Set(stride(from: 0, to: 32, by: 2).map { "k-\($0)" }))
    }

    @Test("A batch that cannot begin fails every operation in it, and the caller hears it")
    func batchFailure() async throws {
        let store = try await SQLiteVerificationStore.open(path: StoreKind.temporaryPath())
        store.holdWrites()
        let inserts = Task {
            await withTaskGroup(of: Bool.self) { group in
                for i in 0..<8 {
                    group.addTask { (try? await store.insert(pendingRecord("v-\(i)"), steps: [])) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(120))
        while store.waitingWrites < 8, clock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        try #require(store.waitingWrites == 8)
        // Closed: BEGIN fails, so every operation of the batch is answered with the error.
        await store.close()
        store.resumeWrites()
        #expect(await inserts.value == Array(repeating: false, count: 8))
        await #expect(throws: VerificationStoreError.self) {
            try await store.insert(pendingRecord("after"), steps: [])
        }
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
