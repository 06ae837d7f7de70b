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
        var records = RecordTable()
        var idempotency: [String: (id: String, expiresAt: Timestamp)] = [:]
        var steps = StepTable()
        /// Every step not yet done, by when it may next be claimed (its due time, or its lease's
        /// end once claimed); entries of steps done or purged meanwhile are dropped when reached.
        var eligible = StepHeap()
        var rateLimits: [LimitKey: Int64] = [:]
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
        state.withLock { $0.insert(record, steps: steps) }
    }

    /// Takes the limits and stores the verification under one lock (see
    /// ``VerificationStore/insert(_:steps:takingFrom:now:)``).
    public func insert(
        _ record: VerificationRecord, steps: [ScheduledStep], takingFrom limits: [LimitRequest],
        now: Timestamp
    ) async throws(VerificationStoreError) -> InsertOutcome {
        state.withLock { state in
            var decisions: [RateDecision] = []
            decisions.reserveCapacity(limits.count)
            for request in limits {
                let decision = state.acquire(request.key, limit: request.limit, now: now)
                decisions.append(decision)
                if request.enforced, case .refused = decision {
                    return InsertOutcome(decisions: decisions, stored: false)
                }
            }
            state.insert(record, steps: steps)
            return InsertOutcome(decisions: decisions, stored: true)
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
            let claim = state.records.modify(id) { record -> AttemptClaim in
                if let refusal = State.countAttempt(&record, now: now) { return .refused(refusal) }
                return .granted(
                    digest: record.codeDigest, generation: record.codeGeneration, attempts: record.attempts,
                    maxAttempts: record.maxAttempts)
            }
            return claim ?? .refused(.unknown)
        }
    }

    /// Checks one entry under the lock (see
    /// ``VerificationStore/checkEntry(id:digests:exhaustedState:now:)``).
    public func checkEntry(
        id: String, digests: EntryDigests, exhaustedState: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> EntryCheck {
        state.withLock { state in
            // In place: one lookup, no copy of the record.
            let check = state.records.modify(id) { record -> EntryCheck in
                if let refusal = State.countAttempt(&record, now: now) { return .refused(refusal) }
                if digests.matches(record.codeDigest, generation: record.codeGeneration) {
                    record.state = .approved
                    record.finishedAt = now
                    return .approved
                }
                if record.attempts >= record.maxAttempts {
                    record.state = exhaustedState
                    record.finishedAt = now
                }
                return .wrong(attempts: record.attempts, maxAttempts: record.maxAttempts)
            }
            return check ?? .refused(.unknown)
        }
    }

    /// Moves a pending verification to a final state, if no one did first.
    public func finish(
        id: String, generation: Int, as newState: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        state.withLock { state in
            let finished = state.records.modify(id) { record -> Bool in
                guard record.state == .pending, record.codeGeneration == generation else { return false }
                record.state = newState
                record.finishedAt = now
                return true
            }
            return finished ?? false
        }
    }

    /// Replaces the code of a pending verification.
    public func replaceCode(
        id: String, generation: Int, digest: [UInt8], expiresAt: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        state.withLock { state in
            let replaced = state.records.modify(id) { record -> Bool in
                guard record.state == .pending, record.codeGeneration == generation else { return false }
                record.codeGeneration = generation + 1
                record.codeDigest = digest
                record.expiresAt = expiresAt
                return true
            }
            return replaced ?? false
        }
    }

    /// Takes one unit from a rate limit (GCRA).
    public func acquire(
        _ key: String, limit: RateLimit, now: Timestamp
    ) async throws(VerificationStoreError) -> RateDecision {
        state.withLock { $0.acquire(key, limit: limit, now: now) }
    }

    /// Claims due steps under a lease: the `limit` earliest due (by due time, then id) of those
    /// due at `now` that no live lease holds. Only the steps eligible at `now` are looked at.
    public func claimDueSteps(
        now: Timestamp, limit: Int, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> [ClaimedStep] {
        state.withLock { state in
            var candidates: [(id: Int64, stored: StoredStep)] = []
            while let id = state.eligible.popFirst(notAfter: now) {
                guard let stored = state.steps[id], !stored.done else { continue }
                if let lease = stored.leaseUntil, lease > now {
                    state.eligible.push(at: lease, id)  // claimed since this entry was made
                    continue
                }
                candidates.append((id, stored))
            }
            candidates.sort { ($0.stored.step.dueAt, $0.id) < ($1.stored.step.dueAt, $1.id) }
            var claimed: [ClaimedStep] = []
            for (index, candidate) in candidates.enumerated() {
                if index < limit {
                    state.steps[candidate.id]?.leaseUntil = leaseUntil
                    state.eligible.push(at: leaseUntil, candidate.id)
                    claimed.append(
                        ClaimedStep(
                            stepID: candidate.id, verificationID: candidate.stored.verificationID,
                            step: candidate.stored.step))
                } else {
                    // Still eligible: looked at again by the next claim.
                    state.eligible.push(
                        at: candidate.stored.leaseUntil ?? candidate.stored.step.dueAt, candidate.id)
                }
            }
            return claimed
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
            let before = state.rateLimits.count + state.idempotency.count
            state.rateLimits = state.rateLimits.filter { $0.value > now.milliseconds }
            state.idempotency = state.idempotency.filter { $0.value.expiresAt > now }
            var removed = before - state.rateLimits.count - state.idempotency.count
            removed += state.records.removeAll { record in
                guard let finished = record.finishedAt else { return false }
                return finished < finishedBefore
            }
            let records = state.records
            removed += state.steps.removeAll { $0.done || !records.contains($0.verificationID) }
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

extension InMemoryVerificationStore.State {
    /// Counts one attempt on `record` when an entry may be checked at `now` (pending,
    /// unexpired, attempts left); otherwise leaves it as it is and says why not.
    static func countAttempt(_ record: inout VerificationRecord, now: Timestamp) -> AttemptRefusal? {
        switch record.state {
        case .approved: return .alreadyApproved
        case .expired: return .expired
        case .locked: return .attemptsExhausted
        case .rejected, .deliveryFailed: return .finished
        case .pending: break
        }
        if record.expiresAt <= now { return .expired }
        if record.attempts >= record.maxAttempts { return .attemptsExhausted }
        record.attempts += 1
        return nil
    }

    mutating func insert(_ record: VerificationRecord, steps: [ScheduledStep]) {
        records.store(record)
        for step in steps {
            let stepID = self.steps.append(
                InMemoryVerificationStore.StoredStep(
                    verificationID: record.id, step: step, leaseUntil: nil, done: false))
            eligible.push(at: step.dueAt, stepID)
        }
    }

    mutating func acquire(_ key: String, limit: RateLimit, now: Timestamp) -> RateDecision {
        // A key already there is changed in place: one lookup.
        let key = LimitKey(key)
        if let index = rateLimits.index(forKey: key) {
            let (decision, newTAT) = limit.decide(tat: rateLimits.values[index], now: now)
            if let newTAT { rateLimits.values[index] = newTAT }
            return decision
        }
        let (decision, newTAT) = limit.decide(tat: nil, now: now)
        if let newTAT { rateLimits[key] = newTAT }
        return decision
    }
}
