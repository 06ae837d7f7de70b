import PostgresNIO
import Testing
import Verification
import VerificationPostgres

/// Races between callers on one database: through one `PostgresClient` (one instance, a pool of
/// connections) and through two (two instances). Each deciding operation has exactly one winner.
@Suite(.enabled(if: PostgresServer.isEnabled, PostgresServer.skipReason))
struct StoreRaceTests {
    @Test("64 concurrent entries, at most 5 counted", arguments: [1, 2])
    func claimAttemptRace(instances: Int) async throws {
        try await withStores(instances) { stores in
            try await stores[0].insert(makeRecord("v", maxAttempts: 5), steps: [])
            let claims = try await concurrently(64, on: stores) { store, _ in
                try await store.claimAttempt(id: "v", now: at(1))
            }
            let granted = claims.compactMap { claim -> Int? in
                if case .granted(_, _, let attempts, _) = claim { return attempts }
                return nil
            }
            #expect(granted.sorted() == [1, 2, 3, 4, 5])
            #expect(claims.filter { $0 == .refused(.attemptsExhausted) }.count == 59)
            #expect(try await stores[0].verification(id: "v")?.attempts == 5)
        }
    }

    @Test("64 concurrent approvals, one wins", arguments: [1, 2])
    func finishRace(instances: Int) async throws {
        try await withStores(instances) { stores in
            try await stores[0].insert(makeRecord("v"), steps: [])
            let results = try await concurrently(64, on: stores) { store, index in
                try await store.finish(id: "v", generation: 1, as: .approved, now: at(Double(index)))
            }
            #expect(results.filter { $0 }.count == 1)
            let record = try #require(try await stores[instances - 1].verification(id: "v"))
            #expect(record.state == .approved && record.finishedAt != nil)
        }
    }

    @Test("GCRA 5 per 600 s: 5 of 64 concurrent requests allowed", arguments: [1, 2])
    func rateLimitRace(instances: Int) async throws {
        try await withStores(instances) { stores in
            let limit = RateLimit(count: 5, per: .seconds(600))
            let decisions = try await concurrently(64, on: stores) { store, _ in
                try await store.acquire("number:+12015550123", limit: limit, now: t0)
            }
            #expect(decisions.filter { $0 == .allowed }.count == 5)
            #expect(decisions.filter { $0 == .refused(retryAfter: .seconds(120)) }.count == 59)
            // The next slot opens 120 s later, for one request.
            let later = try await concurrently(8, on: stores) { store, _ in
                try await store.acquire("number:+12015550123", limit: limit, now: at(120))
            }
            #expect(later.filter { $0 == .allowed }.count == 1)
        }
    }

    @Test("due steps: each claimed exactly once by concurrent workers", arguments: [1, 2])
    func claimDueStepsRace(instances: Int) async throws {
        try await withStores(instances) { stores in
            let verifications = 40
            for index in 0..<verifications {
                try await stores[0].insert(
                    makeRecord("v\(index)"),
                    steps: [
                        ScheduledStep(
                            kind: .callSameCode, dueAt: at(Double(index)), sealedCode: [UInt8(index)]),
                        ScheduledStep(kind: .callNewCode, dueAt: at(120)),
                        ScheduledStep(kind: .expire, dueAt: at(300)),
                    ])
            }
            // 8 workers per instance, each claiming 5 at a time until nothing is left.
            let batches = try await concurrently(8 * instances, on: stores) { store, _ in
                var mine: [Int64] = []
                while true {
                    let claimed = try await store.claimDueSteps(now: at(300), limit: 5, leaseUntil: at(360))
                    if claimed.isEmpty { return mine }
                    mine += claimed.map(\.stepID)
                }
            }
            let all = batches.flatMap { $0 }
            #expect(all.count == 3 * verifications)
            #expect(Set(all).count == 3 * verifications)
            // Leased: nothing more until the leases end at 360 s, then everything again.
            #expect(try await stores[0].claimDueSteps(now: at(359), limit: 500, leaseUntil: at(419)).isEmpty)
            let again = try await concurrently(2 * instances, on: stores) { store, _ in
                try await store.claimDueSteps(now: at(360), limit: 500, leaseUntil: at(420)).map(\.stepID)
            }
            #expect(again.flatMap { $0 }.sorted() == all.sorted())
        }
    }

    @Test("16 concurrent starts with one idempotency key, one reserves and stores", arguments: [1, 2])
    func idempotencyRace(instances: Int) async throws {
        try await withStores(instances) { stores in
            let claim = IdempotencyClaim(key: "idenfy:account-1:same", expiresAt: at(86_400))
            // As the engine does: reserve, and only the reserving start stores its verification.
            let outcomes = try await concurrently(16, on: stores) { store, index in
                let record = makeRecord("v\(index)")
                let reservation = try await store.reserve(claim, verificationID: record.id, now: t0)
                if reservation == .reserved {
                    try await store.insert(record, steps: [ScheduledStep(kind: .expire, dueAt: at(300))])
                }
                return (record.id, reservation)
            }
            let reserved = outcomes.filter { $0.1 == .reserved }.map(\.0)
            #expect(reserved.count == 1)
            let winner = try #require(reserved.first)
            for (_, reservation) in outcomes {
                switch reservation {
                case .reserved, .inProgress: break
                case .existing(let record): #expect(record.id == winner)
                }
            }
            // Once stored, every repeat gets the winner's verification.
            let repeats = try await concurrently(16, on: stores) { store, index in
                try await store.reserve(claim, verificationID: "late\(index)", now: at(1))
            }
            let stored = try #require(try await stores[0].verification(id: winner))
            #expect(repeats.allSatisfy { $0 == .existing(stored) })
            let rows = try await stores[0].client.query("SELECT count(*) FROM verifications").collect()
            #expect(try rows.first?.decode(Int.self) == 1)
        }
    }
}
