import PostgresNIO
import Testing
import Verification
import VerificationPostgres

/// The Postgres store answers every protocol method as the in-memory store (the reference) does,
/// for the same inputs.
@Suite(.enabled(if: PostgresServer.isEnabled, PostgresServer.skipReason))
struct StoreSemanticsTests {
    @Test func recordsRoundTrip() async throws {
        try await withStore { postgres in
            let memory = InMemoryVerificationStore()
            let records = [
                makeRecord("plain"),
                makeRecord("referenced", flow: .phoneMatchSMS, maxAttempts: 1, reference: "Réf ✓ 42"),
                makeRecord("finished", flow: .phoneMatchCall, state: .deliveryFailed, finishedAt: at(3)),
                makeRecord("empty-digest", generation: 2, digest: []),
            ]
            for record in records {
                try await parity(memory, postgres) {
                    try await $0.insert(record, steps: [])
                }
            }
            for id in records.map(\.id) + ["missing"] {
                let stored = try await parity(memory, postgres) { try await $0.verification(id: id) }
                #expect(stored == records.first { $0.id == id })
            }
        }
    }

    /// One row of the claim-attempt table: a stored record, and what an entry at `t0 + 60 s` gets.
    struct AttemptCase: Sendable, CustomTestStringConvertible {
        var name: String
        var record: VerificationRecord?
        /// nil: granted.
        var refusal: AttemptRefusal?
        var testDescription: String { name }
    }

    static let attemptCases: [AttemptCase] = [
        AttemptCase(name: "fresh", record: makeRecord("a"), refusal: nil),
        AttemptCase(name: "last attempt", record: makeRecord("a", attempts: 4), refusal: nil),
        AttemptCase(name: "exhausted", record: makeRecord("a", attempts: 5), refusal: .attemptsExhausted),
        AttemptCase(name: "expires now", record: makeRecord("a", expiresAt: at(60)), refusal: .expired),
        AttemptCase(
            name: "expired one ms ago", record: makeRecord("a", expiresAt: at(59.999)), refusal: .expired),
        AttemptCase(name: "expires in one ms", record: makeRecord("a", expiresAt: at(60.001)), refusal: nil),
        AttemptCase(
            name: "expired and exhausted", record: makeRecord("a", attempts: 5, expiresAt: at(1)),
            refusal: .expired),
        AttemptCase(name: "approved", record: makeRecord("a", state: .approved), refusal: .alreadyApproved),
        AttemptCase(name: "rejected", record: makeRecord("a", state: .rejected), refusal: .finished),
        AttemptCase(
            name: "delivery failed", record: makeRecord("a", state: .deliveryFailed), refusal: .finished),
        AttemptCase(name: "locked", record: makeRecord("a", state: .locked), refusal: .attemptsExhausted),
        AttemptCase(name: "expired state", record: makeRecord("a", state: .expired), refusal: .expired),
        AttemptCase(name: "unknown", record: nil, refusal: .unknown),
    ]

    @Test(arguments: attemptCases)
    func claimAttempt(_ row: AttemptCase) async throws {
        try await withStore { postgres in
            let memory = InMemoryVerificationStore()
            if let record = row.record {
                try await parity(memory, postgres) {
                    try await $0.insert(record, steps: [])
                }
            }
            let claim = try await parity(memory, postgres) { try await $0.claimAttempt(id: "a", now: at(60)) }
            switch (claim, row.refusal) {
            case (.refused(let got), let want?): #expect(got == want)
            case (.granted(let digest, let generation, let attempts, let maxAttempts), nil):
                let record = try #require(row.record)
                #expect(digest == record.codeDigest)
                #expect(generation == record.codeGeneration)
                #expect(attempts == record.attempts + 1)
                #expect(maxAttempts == record.maxAttempts)
            default: Issue.record("got \(claim), wanted \(String(describing: row.refusal))")
            }
            try await parity(memory, postgres) { try await $0.verification(id: "a") }
        }
    }

    /// The one-statement check answers every row of the claim table, and each entry kind (right
    /// code, wrong code, right code of another generation), as the in-memory store does, and
    /// leaves the same row behind.
    @Test(arguments: attemptCases)
    func checkEntry(_ row: AttemptCase) async throws {
        let record = row.record
        let right = record?.codeDigest ?? []
        let entries: [(String, EntryDigests)] = [
            ("right", EntryDigests(record?.codeGeneration == 2 ? [[1], right] : [right, [1]])),
            ("wrong", EntryDigests([[1, 2, 3], [4, 5, 6]])),
            ("other generation", EntryDigests(record?.codeGeneration == 2 ? [right, [1]] : [[1], right])),
        ]
        for (name, digests) in entries {
            try await withStore { postgres in
                let memory = InMemoryVerificationStore()
                if let record {
                    try await parity(memory, postgres) { try await $0.insert(record, steps: []) }
                }
                let answer = try await parity(memory, postgres) {
                    try await $0.checkEntry(id: "a", digests: digests, exhaustedState: .locked, now: at(60))
                }
                switch (answer, row.refusal) {
                case (.refused(let got), let want?): #expect(got == want, "\(name)")
                case (.approved, nil): #expect(name == "right")
                case (.wrong(let attempts, let maxAttempts), nil):
                    #expect(name != "right")
                    #expect(attempts == (record?.attempts ?? 0) + 1 && maxAttempts == record?.maxAttempts)
                default: Issue.record("\(name): got \(answer), wanted \(String(describing: row.refusal))")
                }
                try await parity(memory, postgres) { try await $0.verification(id: "a") }
            }
        }
    }

    /// The start's one call (`dialtone_start_v1`) takes limits and stores as the in-memory store
    /// does: all free, the first or a later one refusing (nothing stored, later ones untouched),
    /// a log-only refusal (stored), no limits at all.
    @Test func insertTakingLimits() async throws {
        let limit = RateLimit(count: 1, per: .seconds(60))
        let scripts: [(used: [String], limits: [LimitRequest])] = [
            ([], []),
            ([], [LimitRequest(key: "a", limit: limit), LimitRequest(key: "b", limit: limit)]),
            (["a"], [LimitRequest(key: "a", limit: limit), LimitRequest(key: "b", limit: limit)]),
            (
                ["b"],
                [
                    LimitRequest(key: "a", limit: limit), LimitRequest(key: "b", limit: limit),
                    LimitRequest(key: "c", limit: limit),
                ]
            ),
            (
                ["a"],
                [LimitRequest(key: "a", limit: limit, enforced: false), LimitRequest(key: "b", limit: limit)]
            ),
        ]
        for script in scripts {
            try await withStore { postgres in
                let memory = InMemoryVerificationStore()
                for key in script.used {
                    try await parity(memory, postgres) { try await $0.acquire(key, limit: limit, now: at(1)) }
                }
                let steps = [
                    ScheduledStep(kind: .callSameCode, dueAt: at(120), sealedCode: [1, 2, 3]),
                    ScheduledStep(kind: .expire, dueAt: at(600)),
                ]
                try await parity(memory, postgres) {
                    try await $0.insert(makeRecord("a"), steps: steps, takingFrom: script.limits, now: at(30))
                }
                try await parity(memory, postgres) { try await $0.verification(id: "a") }
                try await parity(memory, postgres) {
                    try await $0.claimDueSteps(now: at(600), limit: 10, leaseUntil: at(700)).map(\.step)
                }
                for key in ["a", "b", "c"] {
                    try await parity(memory, postgres) {
                        try await $0.acquire(key, limit: limit, now: at(31))
                    }
                }
            }
        }
    }

    /// Sixty-four concurrent right entries on one store: exactly one approves; sixty-four wrong
    /// ones: the count is exact and the limit holds.
    @Test func checkEntryRaces() async throws {
        try await withStores(2) { stores in
            try await stores[0].insert(makeRecord("right", maxAttempts: 100), steps: [])
            try await stores[0].insert(makeRecord("wrong", maxAttempts: 10), steps: [])
            let right = EntryDigests([makeRecord("right").codeDigest])
            let wrong = EntryDigests([[0]])
            let answers = try await withThrowingTaskGroup(of: (EntryCheck, EntryCheck).self) { group in
                for task in 0..<64 {
                    group.addTask {
                        let store = stores[task % 2]
                        return (
                            try await store.checkEntry(
                                id: "right", digests: right, exhaustedState: .locked, now: at(1)),
                            try await store.checkEntry(
                                id: "wrong", digests: wrong, exhaustedState: .locked, now: at(1))
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0.0 == .approved }.count == 1)
            #expect(answers.filter { $0.0 == .refused(.alreadyApproved) }.count == 63)
            #expect(answers.filter { if case .wrong = $0.1 { true } else { false } }.count == 10)
            #expect(answers.filter { $0.1 == .refused(.attemptsExhausted) }.count == 54)
            let locked = try #require(try await stores[0].verification(id: "wrong"))
            #expect(locked.attempts == 10 && locked.state == .locked)
        }
    }

    @Test func attemptsRunOut() async throws {
        try await withStore { postgres in
            let memory = InMemoryVerificationStore()
            try await parity(memory, postgres) {
                try await $0.insert(makeRecord("a", maxAttempts: 3), steps: [])
            }
            var answers: [AttemptClaim] = []
            for second in 1...5 {
                answers.append(
                    try await parity(memory, postgres) {
                        try await $0.claimAttempt(id: "a", now: at(Double(second)))
                    })
            }
            #expect(answers.suffix(2) == [.refused(.attemptsExhausted), .refused(.attemptsExhausted)])
            #expect(try await postgres.verification(id: "a")?.attempts == 3)
        }
    }

    @Test func finishAndReplaceCode() async throws {
        try await withStore { postgres in
            let memory = InMemoryVerificationStore()
            for id in ["a", "b"] {
                try await parity(memory, postgres) {
                    try await $0.insert(makeRecord(id), steps: [])
                }
            }
            let script: [(String, @Sendable (any VerificationStore) async throws -> Bool)] = [
                (
                    "finish wrong generation",
                    { try await $0.finish(id: "a", generation: 2, as: .approved, now: at(1)) }
                ),
                (
                    "finish unknown",
                    { try await $0.finish(id: "zz", generation: 1, as: .approved, now: at(1)) }
                ),
                (
                    "replace wrong generation",
                    { try await $0.replaceCode(id: "a", generation: 2, digest: [9, 9], expiresAt: at(600)) }
                ),
                (
                    "replace",
                    {
                        try await $0.replaceCode(
                            id: "a", generation: 1, digest: [7, 7, 7], expiresAt: at(600))
                    }
                ),
                (
                    "replace again with the old generation",
                    {
                        try await $0.replaceCode(id: "a", generation: 1, digest: [8], expiresAt: at(900))
                    }
                ),
                (
                    "finish old generation",
                    { try await $0.finish(id: "a", generation: 1, as: .approved, now: at(2)) }
                ),
                (
                    "finish current generation",
                    { try await $0.finish(id: "a", generation: 2, as: .approved, now: at(3)) }
                ),
                ("finish twice", { try await $0.finish(id: "a", generation: 2, as: .rejected, now: at(4)) }),
                (
                    "replace after finish",
                    {
                        try await $0.replaceCode(id: "a", generation: 2, digest: [1], expiresAt: at(999))
                    }
                ),
                ("lock b", { try await $0.finish(id: "b", generation: 1, as: .locked, now: at(5)) }),
            ]
            var results: [Bool] = []
            for (_, step) in script {
                results.append(try await parity(memory, postgres) { try await step($0) })
            }
            #expect(results == [false, false, false, true, false, false, true, false, false, true])
            for id in ["a", "b"] {
                try await parity(memory, postgres) { try await $0.verification(id: id) }
            }
            let a = try #require(try await postgres.verification(id: "a"))
            #expect(a.state == .approved && a.codeGeneration == 2 && a.codeDigest == [7, 7, 7])
            #expect(a.expiresAt == at(600) && a.finishedAt == at(3))
        }
    }

    /// One row of the rate-limit table: a limit and the moments (seconds after `t0`) of requests on
    /// one key.
    struct RateCase: Sendable, CustomTestStringConvertible {
        var name: String
        var limit: RateLimit
        var requests: [Double]
        /// What the Postgres store must answer, beyond agreeing with the in-memory one (nil: no
        /// extra expectation).
        var expected: [RateDecision]?
        var testDescription: String { name }
    }

    static let rateCases: [RateCase] = [
        RateCase(
            name: "5 per 600 s, burst", limit: RateLimit(count: 5, per: .seconds(600)),
            requests: Array(repeating: 0, count: 7),
            expected: Array(repeating: .allowed, count: 5)
                + Array(repeating: .refused(retryAfter: .seconds(120)), count: 2)
        ),
        RateCase(
            name: "5 per 600 s, edge of the next slot", limit: RateLimit(count: 5, per: .seconds(600)),
            requests: [0, 0, 0, 0, 0, 119.999, 120, 120, 239, 240],
            expected: Array(repeating: .allowed, count: 5) + [
                .refused(retryAfter: .milliseconds(1)), .allowed, .refused(retryAfter: .seconds(120)),
                .refused(retryAfter: .seconds(1)), .allowed,
            ]),
        RateCase(
            name: "1 per 30 s", limit: RateLimit(count: 1, per: .seconds(30)),
            requests: [0, 10, 29.5, 30, 31, 90],
            expected: [
                .allowed, .refused(retryAfter: .seconds(20)), .refused(retryAfter: .milliseconds(500)),
                .allowed,
                .refused(retryAfter: .seconds(29)), .allowed,
            ]),
        RateCase(
            name: "3 per second, uneven interval", limit: RateLimit(count: 3, per: .seconds(1)),
            requests: [0, 0, 0, 0, 0.1, 0.333, 0.5, 0.667, 0.7, 1, 5, 5, 5, 5], expected: nil),
        RateCase(
            name: "7 per 1000 ms", limit: RateLimit(count: 7, per: .milliseconds(1000)),
            requests: (0..<30).map { Double($0) * 0.05 }, expected: nil),
        RateCase(
            name: "zero window", limit: RateLimit(count: 1, per: .zero),
            requests: [0, 0, 0.001, 0.001, 0.002],
            expected: nil),
        RateCase(
            name: "requests going back in time", limit: RateLimit(count: 2, per: .seconds(10)),
            requests: [5, 5, 0, 1, 10, 20], expected: nil),
    ]

    @Test(arguments: rateCases)
    func acquire(_ row: RateCase) async throws {
        try await withStore { postgres in
            let memory = InMemoryVerificationStore()
            var decisions: [RateDecision] = []
            for request in row.requests {
                decisions.append(
                    try await parity(memory, postgres) {
                        try await $0.acquire("k", limit: row.limit, now: at(request))
                    })
                // Another key is not affected.
                try await parity(memory, postgres) {
                    try await $0.acquire("other", limit: row.limit, now: at(request))
                }
            }
            if let expected = row.expected { #expect(decisions == expected) }
        }
    }

    @Test func dueStepsLeasesAndCompletion() async throws {
        try await withStore { postgres in
            let memory = InMemoryVerificationStore()
            let sealed: [UInt8] = [1, 2, 3, 4, 5, 6]
            try await parity(memory, postgres) {
                try await $0.insert(
                    makeRecord("a"),
                    steps: [
                        ScheduledStep(kind: .callSameCode, dueAt: at(120), sealedCode: sealed),
                        ScheduledStep(kind: .callNewCode, dueAt: at(300)),
                        ScheduledStep(kind: .expire, dueAt: at(600)),
                    ])
            }
            try await parity(memory, postgres) {
                try await $0.insert(
                    makeRecord("b"),
                    steps: [
                        ScheduledStep(kind: .expire, dueAt: at(120)),
                        ScheduledStep(kind: .expire, dueAt: at(0)),
                    ])
            }
            let lease = Duration.seconds(60)
            func claim(_ second: Double, _ limit: Int) async throws -> [ClaimedStep] {
                try await parity(memory, postgres) {
                    try await $0.claimDueSteps(
                        now: at(second), limit: limit, leaseUntil: at(second).adding(lease))
                }
            }
            #expect(try await claim(-1, 10).isEmpty)
            #expect(try await claim(0, 10).map(\.step.kind) == [.expire])
            #expect(try await claim(0, 10).isEmpty)  // leased
            #expect(try await claim(120, 0).isEmpty)
            // At 120 s the lease taken at 0 s (until 60 s) has run out: that step comes first again.
            let reclaimed = try await claim(120, 1)
            #expect(reclaimed.map(\.verificationID) == ["b"] && reclaimed.first?.step.dueAt == at(0))
            // Two steps due at 120 s: the lower id first.
            let first = try await claim(120, 10)
            #expect(first.map(\.verificationID) == ["a", "b"] && first.first?.step.sealedCode == sealed)
            #expect(try await claim(179.999, 10).isEmpty)  // every lease runs until 180 s
            let stepID = try #require(first.first?.stepID)
            try await memory.completeStep(stepID)
            try await postgres.completeStep(stepID)
            let rows = try await postgres.client.query(
                "SELECT done, sealed_code IS NULL AS erased FROM verification_steps WHERE id = \(stepID)"
            ).collect()
            let cells = try #require(rows.first).makeRandomAccess()
            #expect(try cells["done"].decode(Bool.self) && cells["erased"].decode(Bool.self))
            // At 180 s the leases have run out; the completed step is never handed out again.
            let again = try await claim(180, 10)
            #expect(again.map(\.step.kind) == [.expire, .expire])
            for step in again {
                try await memory.completeStep(step.stepID)
                try await postgres.completeStep(step.stepID)
            }
            #expect(try await claim(1000, 10).map(\.step.kind) == [.callNewCode, .expire])
        }
    }

    @Test func idempotencyReservations() async throws {
        try await withStore { postgres in
            let memory = InMemoryVerificationStore()
            func reserve(_ key: String, for id: String, at second: Double, until: Double) async throws
                -> IdempotencyReservation
            {
                try await parity(memory, postgres) {
                    try await $0.reserve(
                        IdempotencyClaim(key: key, expiresAt: at(until)), verificationID: id, now: at(second))
                }
            }
            func store(_ id: String) async throws {
                try await parity(memory, postgres) {
                    try await $0.insert(
                        makeRecord(id), steps: [ScheduledStep(kind: .expire, dueAt: at(300))])
                }
            }
            #expect(try await reserve("k", for: "a", at: 0, until: 1000) == .reserved)
            #expect(try await reserve("k", for: "b", at: 1, until: 1001) == .inProgress)  // a not stored yet
            try await store("a")
            let a = try #require(try await postgres.verification(id: "a"))
            #expect(try await reserve("k", for: "b", at: 10, until: 1010) == .existing(a))
            #expect(try await reserve("k", for: "c", at: 999.999, until: 1999) == .existing(a))
            // At 1000 s the key has expired: it is taken again.
            #expect(try await reserve("k", for: "d", at: 1000, until: 2000) == .reserved)
            #expect(try await reserve("k", for: "e", at: 1001, until: 2001) == .inProgress)
            // Releasing with another verification's id leaves the key alone; the holder's frees it.
            try await parity(memory, postgres) { try await $0.release("k", verificationID: "e") }
            #expect(try await reserve("k", for: "e", at: 1002, until: 2002) == .inProgress)
            try await parity(memory, postgres) { try await $0.release("k", verificationID: "d") }
            #expect(try await reserve("k", for: "e", at: 1003, until: 2003) == .reserved)
            try await store("e")
            let e = try #require(try await postgres.verification(id: "e"))
            #expect(try await reserve("k", for: "f", at: 1004, until: 2004) == .existing(e))
            #expect(try await reserve("other", for: "f", at: 1004, until: 2004) == .reserved)
            // The key's verification is purged while the key is live: a repeat is in progress, as
            // in memory.
            try await parity(memory, postgres) {
                try await $0.finish(id: "e", generation: 1, as: .approved, now: at(1005))
            }
            try await parity(memory, postgres) { try await $0.purge(now: at(1006), finishedBefore: at(1006)) }
            #expect(try await reserve("k", for: "g", at: 1007, until: 2007) == .inProgress)
            try await parity(memory, postgres) {
                try await $0.claimDueSteps(now: at(5000), limit: 100, leaseUntil: at(5060))
            }
        }
    }

    @Test func purge() async throws {
        try await withStore { postgres in
            let memory = InMemoryVerificationStore()
            let limit = RateLimit(count: 2, per: .seconds(100))
            for (key, second) in [("old", 0.0), ("old", 0), ("recent", 150), ("live", 190)] {
                try await parity(memory, postgres) {
                    try await $0.acquire(key, limit: limit, now: at(second))
                }
            }
            let records: [(VerificationRecord, IdempotencyClaim?)] = [
                (makeRecord("pending"), IdempotencyClaim(key: "k-expired", expiresAt: at(100))),
                (makeRecord("old-approved", state: .approved, finishedAt: at(10)), nil),
                (
                    makeRecord("edge", state: .expired, finishedAt: at(50)),
                    IdempotencyClaim(key: "k-live", expiresAt: at(500))
                ),
                (makeRecord("new-rejected", state: .rejected, finishedAt: at(60)), nil),
            ]
            for (record, claim) in records {
                if let claim {
                    try await parity(memory, postgres) {
                        try await $0.reserve(claim, verificationID: record.id, now: record.createdAt)
                    }
                }
                try await parity(memory, postgres) {
                    try await $0.insert(
                        record,
                        steps: [
                            ScheduledStep(kind: .expire, dueAt: at(5)),
                            ScheduledStep(kind: .expire, dueAt: at(20)),
                        ])
                }
            }
            let claimed = try await parity(memory, postgres) {
                try await $0.claimDueSteps(now: at(5), limit: 2, leaseUntil: at(65))
            }
            for step in claimed {
                try await memory.completeStep(step.stepID)
                try await postgres.completeStep(step.stepID)
            }
            // Rate rows with tat ≤ 200 s, the key expired at 100 s, verifications finished before
            // 50 s (not the one at exactly 50 s), their steps and every done step.
            let removed = try await parity(memory, postgres) {
                try await $0.purge(now: at(200), finishedBefore: at(50))
            }
            #expect(removed == 2 + 1 + 1 + 3)
            for (record, _) in records {
                try await parity(memory, postgres) { try await $0.verification(id: record.id) }
            }
            try await parity(memory, postgres) {
                try await $0.claimDueSteps(now: at(1000), limit: 100, leaseUntil: at(1060))
            }
            try await parity(memory, postgres) { try await $0.acquire("live", limit: limit, now: at(200)) }
            try await parity(memory, postgres) { try await $0.purge(now: at(200), finishedBefore: at(50)) }
            try await parity(memory, postgres) {
                try await $0.purge(now: at(10_000), finishedBefore: at(10_000))
            }
        }
    }
}
