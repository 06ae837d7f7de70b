/// A store in this process's memory, for tests and for a gateway that needs no durability. Every
/// operation runs under one lock, so each is atomic as the protocol requires.
public final class InMemoryVerificationStore: VerificationStore {
    struct StoredStep {
        var verificationID: String
        var step: ScheduledStep
        var leaseUntil: Timestamp?
        var done: Bool
    }

    struct State {
        var records: [String: VerificationRecord] = [:]
        var idempotency: [String: (id: String, expiresAt: Timestamp)] = [:]
        var steps: [Int64: StoredStep] = [:]
        var nextStepID: Int64 = 1
        var rateLimits: [String: Int64] = [:]
        var journal: [OutboundMessage] = []
        var journalIDs: Set<String> = []
    }

    private let state = Locked(State())

    /// Creates an empty store.
    public init() {}

    /// Nothing to migrate.
    public func migrate() async throws(VerificationStoreError) {}

    /// Reserves an idempotency key (see ``VerificationStore/reserve(_:verificationID:now:)``).
    public func reserve(
        _ claim: IdempotencyClaim, verificationID: String, now: Timestamp
    ) async throws(VerificationStoreError) -> IdempotencyReservation {
        state.withLock { state in
            if let held = state.idempotency[claim.key], held.expiresAt > now {
                return state.records[held.id].map { .existing($0) } ?? .inProgress
            }
            state.idempotency[claim.key] = (verificationID, claim.expiresAt)
            return .reserved
        }
    }

    /// Frees a reserved idempotency key.
    public func release(_ key: String, verificationID: String) async throws(VerificationStoreError) {
        state.withLock { state in
            if state.idempotency[key]?.id == verificationID { state.idempotency[key] = nil }
        }
    }

    /// Stores a verification and its steps.
    public func insert(_ record: VerificationRecord, steps: [ScheduledStep])
        async throws(VerificationStoreError)
    {
        state.withLock { state in
            state.records[record.id] = record
            for step in steps {
                state.steps[state.nextStepID] = StoredStep(
                    verificationID: record.id, step: step, leaseUntil: nil, done: false)
                state.nextStepID += 1
            }
        }
    }

    /// The verification with this id.
    public func verification(id: String) async throws(VerificationStoreError) -> VerificationRecord? {
        state.withLock { $0.records[id] }
    }

    /// Counts one entry atomically (see ``VerificationStore/claimAttempt(id:now:)``).
    public func claimAttempt(id: String, now: Timestamp) async throws(VerificationStoreError) -> AttemptClaim
    {
        state.withLock { state in
            guard var record = state.records[id] else { return .refused(.unknown) }
            switch record.state {
            case .approved: return .refused(.alreadyApproved)
            case .expired: return .refused(.expired)
            case .locked: return .refused(.attemptsExhausted)
            case .rejected, .deliveryFailed: return .refused(.finished)
            case .pending: break
            }
            if record.expiresAt <= now { return .refused(.expired) }
            if record.attempts >= record.maxAttempts { return .refused(.attemptsExhausted) }
            record.attempts += 1
            state.records[id] = record
            return .granted(
                digest: record.codeDigest, generation: record.codeGeneration, attempts: record.attempts,
                maxAttempts: record.maxAttempts)
        }
    }

    /// Moves a pending verification to a final state, if no one did first.
    public func finish(
        id: String, generation: Int, as newState: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        state.withLock { state in
            guard var record = state.records[id], record.state == .pending,
                record.codeGeneration == generation
            else { return false }
            record.state = newState
            record.finishedAt = now
            state.records[id] = record
            return true
        }
    }

    /// Replaces the code of a pending verification.
    public func replaceCode(
        id: String, generation: Int, digest: [UInt8], expiresAt: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        state.withLock { state in
            guard var record = state.records[id], record.state == .pending,
                record.codeGeneration == generation
            else { return false }
            record.codeGeneration = generation + 1
            record.codeDigest = digest
            record.expiresAt = expiresAt
            state.records[id] = record
            return true
        }
    }

    /// Takes one unit from a rate limit (GCRA).
    public func acquire(
        _ key: String, limit: RateLimit, now: Timestamp
    ) async throws(VerificationStoreError) -> RateDecision {
        state.withLock { state in
            let (decision, newTAT) = limit.decide(tat: state.rateLimits[key], now: now)
            if let newTAT { state.rateLimits[key] = newTAT }
            return decision
        }
    }

    /// Claims due steps under a lease.
    public func claimDueSteps(
        now: Timestamp, limit: Int, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> [ClaimedStep] {
        state.withLock { state in
            let due = state.steps.filter { _, stored in
                !stored.done && stored.step.dueAt <= now && (stored.leaseUntil.map { $0 <= now } ?? true)
            }
            .sorted { ($0.value.step.dueAt, $0.key) < ($1.value.step.dueAt, $1.key) }
            .prefix(limit)
            return due.map { id, stored in
                state.steps[id]?.leaseUntil = leaseUntil
                return ClaimedStep(stepID: id, verificationID: stored.verificationID, step: stored.step)
            }
        }
    }

    /// Marks a step done and erases its sealed code.
    public func completeStep(_ stepID: Int64) async throws(VerificationStoreError) {
        state.withLock { state in
            state.steps[stepID]?.done = true
            state.steps[stepID]?.step.sealedCode = nil
        }
    }

    /// Deletes rows that can no longer matter.
    public func purge(now: Timestamp, finishedBefore: Timestamp) async throws(VerificationStoreError) -> Int {
        state.withLock { state in
            var removed = 0
            for (key, tat) in state.rateLimits where tat <= now.milliseconds {
                state.rateLimits[key] = nil
                removed += 1
            }
            for (key, held) in state.idempotency where held.expiresAt <= now {
                state.idempotency[key] = nil
                removed += 1
            }
            for (id, record) in state.records {
                guard let finished = record.finishedAt, finished < finishedBefore else { continue }
                state.records[id] = nil
                removed += 1
            }
            for (stepID, stored) in state.steps
            where stored.done || state.records[stored.verificationID] == nil {
                state.steps[stepID] = nil
                removed += 1
            }
            return removed
        }
    }
}

extension InMemoryVerificationStore: MessageJournal {
    /// Appends an entry unless its id is already there; keeps at least the newest 1000.
    public func append(_ entry: OutboundMessage) async throws(VerificationStoreError) {
        state.withLock { state in
            guard state.journalIDs.insert(entry.id).inserted else { return }
            state.journal.append(entry)
            // Trimmed 100 at a time, as the SQLite store does: the journal holds 1,000 to 1,099
            // messages, and an append moves no more than a few entries on average.
            if state.journal.count >= MessageJournalLimits.capacity + 100 {
                for old in state.journal.prefix(100) { state.journalIDs.remove(old.id) }
                state.journal.removeFirst(100)
            }
        }
    }

    /// The newest `limit` entries (to `number`, if given), oldest first.
    public func entries(to number: String?, limit: Int) async throws(VerificationStoreError)
        -> [OutboundMessage]
    {
        state.withLock { state in
            Array(state.journal.filter { number == nil || $0.to == number }.suffix(max(0, limit)))
        }
    }

    /// Empties everything.
    public func resetSandbox() async throws(VerificationStoreError) {
        state.withLock { $0 = State() }
    }
}
