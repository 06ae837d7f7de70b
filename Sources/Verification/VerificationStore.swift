/// Where verifications, their timers and the throttles' counters live.
///
/// Every method that decides something is one atomic operation in the store (a conditional
/// update, or one transaction), so two engines sharing a database never both win a race: one
/// correct entry approves, attempt counts are exact, a due step is claimed once, a rate limit is
/// never exceeded. Implementations: ``InMemoryVerificationStore`` (tests, one process),
/// `SQLiteVerificationStore` (the embedded default) and `PostgresVerificationStore` (several
/// instances).
public protocol VerificationStore: Sendable {
    /// Creates or upgrades the schema (versioned migrations; a no-op when up to date).
    func migrate() async throws(VerificationStoreError)

    /// Reserves an idempotency key for the verification about to be created, atomically: the key
    /// is taken when it is free or its window has passed; otherwise the verification it names is
    /// returned, or ``IdempotencyReservation/inProgress`` while that one is not stored yet.
    func reserve(
        _ claim: IdempotencyClaim, verificationID: String, now: Timestamp
    ) async throws(VerificationStoreError) -> IdempotencyReservation

    /// Frees a key reserved for `verificationID` whose start was refused before anything was stored.
    func release(_ key: String, verificationID: String) async throws(VerificationStoreError)

    /// Stores a new verification with its steps, in one transaction.
    func insert(_ record: VerificationRecord, steps: [ScheduledStep]) async throws(VerificationStoreError)

    /// Takes one unit from each of `limits` in order and, unless an enforced one refuses, stores
    /// the verification with its steps: one atomic operation. An enforced limit's refusal ends it
    /// there: nothing is stored and the later limits are not touched; units already taken from
    /// the earlier ones stay taken, as when they are taken one by one. A default implementation
    /// (``acquire(_:limit:now:)`` for each, then ``insert(_:steps:)``) serves other stores.
    func insert(
        _ record: VerificationRecord, steps: [ScheduledStep], takingFrom limits: [LimitRequest],
        now: Timestamp
    ) async throws(VerificationStoreError) -> InsertOutcome

    /// The verification with this id, if any.
    func verification(id: String) async throws(VerificationStoreError) -> VerificationRecord?

    /// Counts one entry, atomically: when the verification is pending, unexpired at `now` and has
    /// attempts left, its attempt count goes up by one and the current digest is returned;
    /// otherwise nothing changes and the reason is returned.
    func claimAttempt(id: String, now: Timestamp) async throws(VerificationStoreError) -> AttemptClaim

    /// Checks one entry, atomically: when the verification is pending, unexpired at `now` and has
    /// attempts left, the attempt is counted and the entry's digest for the current code
    /// generation is compared in constant time (or blinded, in a database) with the stored one; a
    /// match approves the verification, a miss on the last attempt moves it to `exhaustedState`.
    /// Otherwise nothing changes and the reason is returned. A default implementation (claim,
    /// compare, finish) serves stores that have no single operation for it.
    func checkEntry(
        id: String, digests: EntryDigests, exhaustedState: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> EntryCheck

    /// Moves a pending verification whose current code is `generation` to `state`, atomically.
    /// Returns whether this call made the change (false if another did first or it was not pending).
    func finish(
        id: String, generation: Int, as state: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> Bool

    /// Replaces the code of a pending verification whose current code is `generation`:
    /// generation + 1, the new digest and expiry. Returns whether it did.
    func replaceCode(
        id: String, generation: Int, digest: [UInt8], expiresAt: Timestamp
    ) async throws(VerificationStoreError) -> Bool

    /// Takes one unit from the rate limit `key` (GCRA, see ``RateLimit``), atomically.
    func acquire(
        _ key: String, limit: RateLimit, now: Timestamp
    ) async throws(VerificationStoreError) -> RateDecision

    /// Claims up to `limit` steps due at `now` that no live lease holds, leasing them until
    /// `leaseUntil`. A step is handed to one caller at a time.
    func claimDueSteps(
        now: Timestamp, limit: Int, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> [ClaimedStep]

    /// Marks a claimed step done (and erases any sealed code it held).
    func completeStep(_ stepID: Int64) async throws(VerificationStoreError)

    /// Deletes what can no longer matter at `now`: rate-limit rows whose window has passed,
    /// expired idempotency keys, and final verifications (with their steps) finished before
    /// `finishedBefore`. Returns the number of rows removed.
    func purge(now: Timestamp, finishedBefore: Timestamp) async throws(VerificationStoreError) -> Int
}

/// An idempotency key for a start: a repeat within the window returns the first verification.
public struct IdempotencyClaim: Sendable, Hashable {
    /// The key, scoped by the caller (account and flow are part of it).
    public var key: String
    /// Until when a repeat returns the same verification.
    public var expiresAt: Timestamp

    /// Creates a claim.
    public init(key: String, expiresAt: Timestamp) {
        self.key = key
        self.expiresAt = expiresAt
    }
}

/// The answer to ``VerificationStore/reserve(_:verificationID:now:)``.
public enum IdempotencyReservation: Sendable, Hashable {
    /// The key is now this start's.
    case reserved
    /// A live key names this stored verification: the start is a repeat.
    case existing(VerificationRecord)
    /// A live key names a verification another request is still creating.
    case inProgress
}

/// The answer to ``VerificationStore/claimAttempt(id:now:)``.
public enum AttemptClaim: Sendable, Hashable {
    /// The entry may be checked against `digest` (code `generation`); `attempts` counts it.
    case granted(digest: [UInt8], generation: Int, attempts: Int, maxAttempts: Int)
    /// The entry cannot be checked.
    case refused(AttemptRefusal)
}

/// Why an entry could not be checked.
public enum AttemptRefusal: String, Sendable, Hashable, CaseIterable {
    /// No verification has this id.
    case unknown
    /// It was already approved.
    case alreadyApproved = "already_approved"
    /// It ended otherwise (rejected, locked, delivery failed).
    case finished
    /// Its code has expired.
    case expired
    /// Every allowed attempt has been used.
    case attemptsExhausted = "attempts_exhausted"
}

/// A store failure. The engine passes it on; the server answers 503.
public enum VerificationStoreError: Error, Sendable, Hashable {
    /// The database could not be reached or refused the operation.
    case unavailable(String)
    /// A row held something this version cannot read.
    case corruptRow(String)
    /// The schema is newer than this version knows.
    case schemaTooNew(found: Int, known: Int)

    /// A stable snake_case name.
    public var identifier: String {
        switch self {
        case .unavailable: "store_unavailable"
        case .corruptRow: "store_corrupt_row"
        case .schemaTooNew: "store_schema_too_new"
        }
    }
}
