import Synchronization
import Testing
import Verification
import VerificationSQLite
import VerificationTestSupport

/// `checkEntry` on every store, and the protocol's default (claim, compare, finish) on a store
/// that does not provide its own: one table of stored rows and entries, the same answer and the
/// same row left behind.
@Suite("Checking an entry in one store operation")
struct CheckEntryTests {
    /// The stores under test: the two real ones and the default implementation.
    enum Kind: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case memory, sqlite, protocolDefault
        var testDescription: String { rawValue }

        func make() async throws -> any VerificationStore {
            switch self {
            case .memory: try await StoreKind.memory.make()
            case .sqlite: try await StoreKind.sqlite.make()
            case .protocolDefault: TwoStepStore()
            }
        }
    }

    static let right: [UInt8] = Array(repeating: 7, count: 32)
    static let wrong: [UInt8] = Array(repeating: 8, count: 32)
    static let now = Timestamp(milliseconds: 30_000)

    /// A stored row (nil: none), the entry's digests by generation, and what must follow.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var attempts = 0
        var generation = 1
        var state = VerificationState.pending
        var expiresAt = Timestamp(milliseconds: 60_000)
        var stored = true
        var digests: [[UInt8]]
        var answer: EntryCheck
        /// The row's state and attempt count afterwards.
        var after: (VerificationState, Int)?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "right", digests: [right, wrong], answer: .approved, after: (.approved, 1)),
        Case(
            name: "wrong", digests: [wrong, wrong], answer: .wrong(attempts: 1, maxAttempts: 5),
            after: (.pending, 1)),
        Case(
            name: "wrong on the last attempt", attempts: 4, digests: [wrong],
            answer: .wrong(attempts: 5, maxAttempts: 5), after: (.locked, 5)),
        Case(
            name: "right on the last attempt", attempts: 4, digests: [right], answer: .approved,
            after: (.approved, 5)),
        Case(
            name: "second generation, its digest", generation: 2, digests: [wrong, right], answer: .approved,
            after: (.approved, 1)),
        Case(
            name: "second generation, the first one's digest", generation: 2, digests: [right, wrong],
            answer: .wrong(attempts: 1, maxAttempts: 5), after: (.pending, 1)),
        Case(
            name: "a generation the entry has no digest for", generation: 3, digests: [right, right],
            answer: .wrong(attempts: 1, maxAttempts: 5), after: (.pending, 1)),
        Case(
            name: "a shorter digest", digests: [Array(right.prefix(16))],
            answer: .wrong(attempts: 1, maxAttempts: 5), after: (.pending, 1)),
        Case(
            name: "attempts used up", attempts: 5, digests: [right], answer: .refused(.attemptsExhausted),
            after: (.pending, 5)),
        Case(
            name: "expires now", expiresAt: now, digests: [right], answer: .refused(.expired),
            after: (.pending, 0)),
        Case(
            name: "approved", state: .approved, digests: [right], answer: .refused(.alreadyApproved),
            after: (.approved, 0)),
        Case(
            name: "rejected", state: .rejected, digests: [right], answer: .refused(.finished),
            after: (.rejected, 0)),
        Case(
            name: "locked", state: .locked, digests: [right], answer: .refused(.attemptsExhausted),
            after: (.locked, 0)),
        Case(name: "unknown", stored: false, digests: [right], answer: .refused(.unknown), after: nil),
    ]

    @Test(arguments: Kind.allCases, cases)
    func check(_ kind: Kind, _ row: Case) async throws {
        let store = try await kind.make()
        if row.stored {
            var record = pendingRecord("v")
            record.attempts = row.attempts
            record.codeGeneration = row.generation
            record.state = row.state
            record.expiresAt = row.expiresAt
            try await store.insert(record, steps: [])
        }
        let answer = try await store.checkEntry(
            id: "v", digests: EntryDigests(row.digests), exhaustedState: .locked, now: Self.now)
        #expect(answer == row.answer)
        let after = try await store.verification(id: "v")
        #expect(after?.state == row.after?.0)
        #expect(after?.attempts == row.after?.1)
        let finished = row.state == .pending && after?.state != nil && after?.state != .pending
        #expect((after?.finishedAt == Self.now) == finished)
    }

    /// Sixty-four concurrent right entries: exactly one approves. Sixty-four concurrent wrong
    /// ones against a limit of ten: exactly ten are counted and the verification ends locked.
    @Test(arguments: Kind.allCases)
    func races(_ kind: Kind) async throws {
        let store = try await kind.make()
        let answers = try await Self.race([store])
        #expect(answers.filter { $0.0 == .approved }.count == 1)
        #expect(answers.filter { $0.0 == .refused(.alreadyApproved) }.count == 63)
        #expect(answers.filter { if case .wrong = $0.1 { true } else { false } }.count == 10)
        #expect(answers.filter { $0.1 == .refused(.attemptsExhausted) }.count == 54)
        let locked = try await store.verification(id: "wrong")
        #expect(locked?.attempts == 10 && locked?.state == .locked)
    }

    /// Two connections to one SQLite file (as two processes would have): 64 concurrent right
    /// entries split between them approve once; 64 wrong ones are counted exactly to the limit.
    @Test func racesOnTwoConnections() async throws {
        let path = StoreKind.temporaryPath()
        let first = try await SQLiteVerificationStore.open(path: path)
        let second = try await SQLiteVerificationStore.open(path: path)
        let answers = try await Self.race([first, second])
        #expect(answers.filter { $0.0 == .approved }.count == 1)
        #expect(answers.filter { if case .wrong = $0.1 { true } else { false } }.count == 10)
        let locked = try await second.verification(id: "wrong")
        #expect(locked?.attempts == 10 && locked?.state == .locked)
    }

    /// Stores `right` (100 attempts) and `wrong` (10) through the first store, then 64 tasks,
    /// taking the stores in turn, each check a right entry of `right` and a wrong one of `wrong`.
    static func race(_ stores: [any VerificationStore]) async throws -> [(EntryCheck, EntryCheck)] {
        var right = pendingRecord("right")
        right.maxAttempts = 100
        var wrong = pendingRecord("wrong")
        wrong.maxAttempts = 10
        try await stores[0].insert(right, steps: [])
        try await stores[0].insert(wrong, steps: [])
        return try await withThrowingTaskGroup(of: (EntryCheck, EntryCheck).self) { group in
            for index in 0..<64 {
                let store = stores[index % stores.count]
                group.addTask {
                    (
                        try await store.checkEntry(
                            id: "right", digests: EntryDigests([Self.right]), exhaustedState: .locked,
                            now: Self.now),
                        try await store.checkEntry(
                            id: "wrong", digests: EntryDigests([Self.wrong]), exhaustedState: .locked,
                            now: Self.now)
                    )
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// Digests made on demand: a comparison makes only the generation it needs; the whole list
    /// (what PostgreSQL is sent) makes each once.
    @Test func digestsOnDemand() {
        let made = Mutex<[Int]>([])
        let digests = EntryDigests(generations: 2) { generation in
            made.withLock { $0.append(generation) }
            return generation == 2 ? Self.right : Self.wrong
        }
        #expect(digests.matches(Self.right, generation: 2))
        #expect(made.withLock { $0 } == [2])
        #expect(!digests.matches(Self.right, generation: 3))
        #expect(made.withLock { $0 } == [2])
        #expect(digests.byGeneration == [Self.wrong, Self.right])
        #expect(made.withLock { $0 } == [2, 1, 2])
        #expect(EntryDigests(generations: -1) { _ in [] }.generations == 0)
    }

    /// The comparison: equal only for the same bytes and length.
    @Test func constantTimeComparison() {
        let digests = EntryDigests([Self.right])
        #expect(digests.matches(Self.right, generation: 1))
        #expect(!digests.matches(Self.wrong, generation: 1))
        #expect(!digests.matches(Self.right, generation: 2))
        #expect(!digests.matches(Self.right, generation: 0))
        #expect(!digests.matches(Array(Self.right.dropLast()), generation: 1))
        #expect(!digests.matches(Self.right + [7], generation: 1))
        for index in Self.right.indices {
            var flipped = Self.right
            flipped[index] ^= 1
            #expect(!digests.matches(flipped, generation: 1))
        }
    }
}

/// A store that leaves `checkEntry` to the protocol's default: every other operation goes to an
/// in-memory store.
struct TwoStepStore: VerificationStore {
    let base = InMemoryVerificationStore()

    func migrate() async throws(VerificationStoreError) {}
    func reserve(
        _ claim: IdempotencyClaim, verificationID: String, now: Timestamp
    ) async throws(VerificationStoreError) -> IdempotencyReservation {
        try await base.reserve(claim, verificationID: verificationID, now: now)
    }
    func release(_ key: String, verificationID: String) async throws(VerificationStoreError) {
        try await base.release(key, verificationID: verificationID)
    }
    func insert(_ record: VerificationRecord, steps: [ScheduledStep]) async throws(VerificationStoreError) {
        try await base.insert(record, steps: steps)
    }
    func verification(id: String) async throws(VerificationStoreError) -> VerificationRecord? {
        try await base.verification(id: id)
    }
    func claimAttempt(id: String, now: Timestamp) async throws(VerificationStoreError) -> AttemptClaim {
        try await base.claimAttempt(id: id, now: now)
    }
    func finish(
        id: String, generation: Int, as state: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        try await base.finish(id: id, generation: generation, as: state, now: now)
    }
    func replaceCode(
        id: String, generation: Int, digest: [UInt8], expiresAt: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        try await base.replaceCode(id: id, generation: generation, digest: digest, expiresAt: expiresAt)
    }
    func acquire(_ key: String, limit: RateLimit, now: Timestamp) async throws(VerificationStoreError)
        -> RateDecision
    {
        try await base.acquire(key, limit: limit, now: now)
    }
    func claimDueSteps(
        now: Timestamp, limit: Int, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> [ClaimedStep] {
        try await base.claimDueSteps(now: now, limit: limit, leaseUntil: leaseUntil)
    }
    func completeStep(_ stepID: Int64) async throws(VerificationStoreError) {
        try await base.completeStep(stepID)
    }
    func purge(now: Timestamp, finishedBefore: Timestamp) async throws(VerificationStoreError) -> Int {
        try await base.purge(now: now, finishedBefore: finishedBefore)
    }
}
