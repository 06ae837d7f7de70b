public import Verification

#if canImport(Glibc)
    import Glibc
#endif

/// The embedded default store: one SQLite file in WAL mode, through the system's libsqlite3.
///
/// One connection serves the process. Each operation runs synchronously under a lock, as one
/// statement or one `BEGIN IMMEDIATE` transaction of prepared statements, so every deciding method
/// is atomic also when several processes open the same file (SQLite's file lock serializes their
/// writers; a writer waits up to ``busyTimeoutMilliseconds`` for another process's transaction).
public final class SQLiteVerificationStore: VerificationStore {
    private let connection: Locked<SQLiteConnection>
    /// Operations waiting for the next group commit (see `write(_:)`).
    let queue = Locked(WriteQueue())

    /// The schema version this code writes and reads.
    public static let schemaVersion = SQLiteSchema.migrations.count

    /// How long a write waits for another process's transaction before failing as unavailable.
    public static let busyTimeoutMilliseconds: Int32 = 5_000

    private init(connection: SQLiteConnection) {
        self.connection = Locked(connection)
    }

    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    /// `":memory:"` opens a private in-memory database.
    public static func open(path: String) async throws(VerificationStoreError) -> SQLiteVerificationStore {
        let connection = try SQLiteConnection(path: path)
        // WAL: readers never block the writer; NORMAL: a commit is durable once the WAL is synced
        // at checkpoints, the usual setting for WAL (a power cut may lose the last transactions,
        // never corrupt the file). A checkpoint every 8,192 pages (32 MiB of WAL) instead of
        // 1,000: the pages every start touches (the tails of the tables and indexes) are copied
        // back to the database once per checkpoint, so fewer checkpoints write far less.
        try connection.execute(
            """
            PRAGMA busy_timeout = \(busyTimeoutMilliseconds); PRAGMA journal_mode = WAL; \
            PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 8192
            """)
        let store = SQLiteVerificationStore(connection: connection)
        try await store.migrate()
        return store
    }

    /// Closes the connection. Later operations fail as unavailable.
    public func close() async {
        locked { connection in connection.close() }
    }

    /// Runs `body` on the connection, alone.
    func locked<T, Failure: Error>(_ body: (SQLiteConnection) throws(Failure) -> T) throws(Failure) -> T {
        try connection.withLock { (connection) throws(Failure) -> T in try body(connection) }
    }

    // MARK: Schema

    /// Creates or upgrades the schema.
    public func migrate() async throws(VerificationStoreError) {
        try locked { (db) throws(VerificationStoreError) in
            try db.transaction { () throws(VerificationStoreError) in
                try db.execute(
                    "CREATE TABLE IF NOT EXISTS dialtone_schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"
                )
                var current = 0
                try db.run("SELECT COALESCE(MAX(version), 0) FROM dialtone_schema_migrations") { row in
                    current = row.int(0)
                }
                let known = SQLiteSchema.migrations.count
                guard current <= known else { throw .schemaTooNew(found: current, known: known) }
                for version in (current + 1)...max(current + 1, known) where version <= known {
                    for statement in SQLiteSchema.migrations[version - 1] {
                        try db.execute(statement)
                    }
                    try db.run(
                        "INSERT INTO dialtone_schema_migrations (version, applied_at) VALUES (?, strftime('%s','now'))",
                        .int(version))
                }
            }
        }
    }

    // MARK: Verifications

    /// Reserves an idempotency key (see `VerificationStore.reserve(_:verificationID:now:)`).
    public func reserve(
        _ claim: IdempotencyClaim, verificationID: String, now: Timestamp
    ) async throws(VerificationStoreError) -> IdempotencyReservation {
        try await write { (db) throws(VerificationStoreError) -> IdempotencyReservation in
            let taken = try db.count(
                """
                INSERT INTO idempotency_keys (key, verification_id, expires_at) VALUES (?1, ?2, ?3) \
                ON CONFLICT (key) DO UPDATE SET verification_id = excluded.verification_id, \
                expires_at = excluded.expires_at WHERE idempotency_keys.expires_at <= ?4 RETURNING key
                """,
                .text(claim.key), .text(verificationID), .integer(claim.expiresAt.milliseconds),
                .integer(now.milliseconds))
            if taken > 0 { return .reserved }
            var record: VerificationRecord?
            try db.run(
                """
                SELECT v.id, v.flow, v.account, v.phone, v.region, v.reference, v.state, v.code_digest, \
                v.code_generation, v.attempts, v.max_attempts, v.created_at, v.expires_at, v.finished_at \
                FROM idempotency_keys k JOIN verifications v ON v.id = k.verification_id WHERE k.key = ?
                """, .text(claim.key)
            ) { row throws(VerificationStoreError) in record = try Self.record(row) }
            return record.map(IdempotencyReservation.existing) ?? .inProgress
        }
    }

    /// Frees a reserved idempotency key.
    public func release(_ key: String, verificationID: String) async throws(VerificationStoreError) {
        try await write { (db) throws(VerificationStoreError) in
            try db.run(
                "DELETE FROM idempotency_keys WHERE key = ? AND verification_id = ?", .text(key),
                .text(verificationID))
        }
    }

    /// Stores a verification and its steps.
    public func insert(_ record: VerificationRecord, steps: [ScheduledStep])
        async throws(VerificationStoreError)
    {
        try await write { (db) throws(VerificationStoreError) in
            try db.transaction { () throws(VerificationStoreError) in
                try Self.insert(record, steps: steps, on: db)
            }
        }
    }

    /// Takes the limits and stores the verification in one write transaction (see
    /// `VerificationStore.insert(_:steps:takingFrom:now:)`).
    public func insert(
        _ record: VerificationRecord, steps: [ScheduledStep], takingFrom limits: [LimitRequest],
        now: Timestamp
    ) async throws(VerificationStoreError) -> InsertOutcome {
        try await write { (db) throws(VerificationStoreError) -> InsertOutcome in
            try db.transaction { () throws(VerificationStoreError) -> InsertOutcome in
                var decisions: [RateDecision] = []
                decisions.reserveCapacity(limits.count)
                for request in limits {
                    let decision = try Self.acquire(request.key, limit: request.limit, now: now, on: db)
                    decisions.append(decision)
                    if request.enforced, case .refused = decision {
                        return InsertOutcome(decisions: decisions, stored: false)
                    }
                }
                try Self.insert(record, steps: steps, on: db)
                return InsertOutcome(decisions: decisions, stored: true)
            }
        }
    }

    /// The verification's row and its steps' rows, inside the caller's transaction.
    static func insert(
        _ record: VerificationRecord, steps: [ScheduledStep], on db: SQLiteConnection
    ) throws(VerificationStoreError) {
        try db.run(
            """
            INSERT INTO verifications (id, flow, account, phone, region, reference, state, code_digest, \
            code_generation, attempts, max_attempts, created_at, expires_at, finished_at) \
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            .text(record.id), .text(record.flow.rawValue), .text(record.account),
            .text(record.phoneNumber), .text(record.region),
            record.reference.map(SQLiteValue.text) ?? .null,
            .text(record.state.rawValue), .blob(record.codeDigest), .int(record.codeGeneration),
            .int(record.attempts), .int(record.maxAttempts), .integer(record.createdAt.milliseconds),
            .integer(record.expiresAt.milliseconds),
            record.finishedAt.map { .integer($0.milliseconds) } ?? .null)
        for step in steps {
            try db.run(
                """
                INSERT INTO verification_steps (verification_id, kind, due_at, sealed_code, lease_until, done) \
                VALUES (?, ?, ?, ?, NULL, 0)
                """,
                .text(record.id), .text(step.kind.rawValue), .integer(step.dueAt.milliseconds),
                step.sealedCode.map(SQLiteValue.blob) ?? .null)
        }
    }

    /// The verification with this id.
    public func verification(id: String) async throws(VerificationStoreError) -> VerificationRecord? {
        try locked { (db) throws(VerificationStoreError) in try Self.select(id, on: db) }
    }

    /// Counts one entry atomically (see `VerificationStore.claimAttempt(id:now:)`).
    public func claimAttempt(id: String, now: Timestamp) async throws(VerificationStoreError) -> AttemptClaim
    {
        try await write { (db) throws(VerificationStoreError) -> AttemptClaim in
            try Self.claimAttempt(id: id, now: now, on: db)
        }
    }

    /// The conditional attempt update of ``claimAttempt(id:now:)``; when it matches no row, the
    /// row read back says why.
    static func claimAttempt(id: String, now: Timestamp, on db: SQLiteConnection)
        throws(VerificationStoreError)
        -> AttemptClaim
    {
        var claim: AttemptClaim?
        try db.run(
            """
            UPDATE verifications SET attempts = attempts + 1 \
            WHERE id = ? AND state = 'pending' AND expires_at > ? AND attempts < max_attempts \
            RETURNING code_digest, code_generation, attempts, max_attempts
            """, .text(id), .integer(now.milliseconds)
        ) { row throws(VerificationStoreError) in
            guard let digest = row.blob(0) else { throw .corruptRow("verifications.code_digest") }
            claim = .granted(
                digest: digest, generation: row.int(1), attempts: row.int(2), maxAttempts: row.int(3))
        }
        if let claim { return claim }
        guard let record = try Self.select(id, on: db) else { return .refused(.unknown) }
        return .refused(Self.refusal(record, now: now))
    }

    /// Checks one entry in one write transaction (see
    /// `VerificationStore.checkEntry(id:digests:exhaustedState:now:)`): the conditional attempt
    /// update, the constant-time comparison in this process, and the final state when the entry
    /// matched or used the last attempt, all under the same lock and commit.
    public func checkEntry(
        id: String, digests: EntryDigests, exhaustedState: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> EntryCheck {
        try await write { (db) throws(VerificationStoreError) -> EntryCheck in
            // One transaction: another process on the same file must not change the row between
            // the attempt's update and the approval.
            try db.transaction { () throws(VerificationStoreError) -> EntryCheck in
                try Self.checkEntry(
                    id: id, digests: digests, exhaustedState: exhaustedState, now: now, on: db)
            }
        }
    }

    /// The statements of ``checkEntry(id:digests:exhaustedState:now:)``, inside the caller's
    /// transaction.
    static func checkEntry(
        id: String, digests: EntryDigests, exhaustedState: VerificationState, now: Timestamp,
        on db: SQLiteConnection
    ) throws(VerificationStoreError) -> EntryCheck {
        switch try Self.claimAttempt(id: id, now: now, on: db) {
        case .refused(let refusal):
            return .refused(refusal)
        case .granted(let digest, let generation, let attempts, let maxAttempts):
            let matched = digests.matches(digest, generation: generation)
            if matched || attempts >= maxAttempts {
                try db.run(
                    "UPDATE verifications SET state = ?, finished_at = ? WHERE id = ?",
                    .text(matched ? VerificationState.approved.rawValue : exhaustedState.rawValue),
                    .integer(now.milliseconds), .text(id))
            }
            return matched ? .approved : .wrong(attempts: attempts, maxAttempts: maxAttempts)
        }
    }

    /// Moves a pending verification to a final state, if no one did first.
    public func finish(
        id: String, generation: Int, as state: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        try await write { (db) throws(VerificationStoreError) in
            try db.count(
                """
                UPDATE verifications SET state = ?, finished_at = ? \
                WHERE id = ? AND state = 'pending' AND code_generation = ? RETURNING id
                """,
                .text(state.rawValue), .integer(now.milliseconds), .text(id), .int(generation)) > 0
        }
    }

    /// Replaces the code of a pending verification.
    public func replaceCode(
        id: String, generation: Int, digest: [UInt8], expiresAt: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        try await write { (db) throws(VerificationStoreError) in
            try db.count(
                """
                UPDATE verifications SET code_generation = code_generation + 1, code_digest = ?, expires_at = ? \
                WHERE id = ? AND state = 'pending' AND code_generation = ? RETURNING id
                """,
                .blob(digest), .integer(expiresAt.milliseconds), .text(id), .int(generation)) > 0
        }
    }

    // MARK: Rate limits

    /// Takes one unit from a rate limit (GCRA).
    public func acquire(
        _ key: String, limit: RateLimit, now: Timestamp
    ) async throws(VerificationStoreError) -> RateDecision {
        try await write { (db) throws(VerificationStoreError) -> RateDecision in
            try Self.acquire(key, limit: limit, now: now, on: db)
        }
    }

    /// GCRA in one statement: a new key, or an old one whose next arrival stays within the
    /// window; on a refusal, the retry-after from the key's current TAT.
    static func acquire(
        _ key: String, limit: RateLimit, now: Timestamp, on db: SQLiteConnection
    ) throws(VerificationStoreError) -> RateDecision {
        let allowed = try db.count(
            """
            INSERT INTO rate_limits (key, tat) VALUES (?1, ?2 + ?3) \
            ON CONFLICT (key) DO UPDATE SET tat = max(tat, ?2) + ?3 WHERE max(tat, ?2) + ?3 - ?2 <= ?4 \
            RETURNING tat
            """,
            .text(key), .integer(now.milliseconds), .integer(limit.intervalMilliseconds),
            .integer(limit.windowMilliseconds))
        if allowed > 0 { return .allowed }
        var tat = now.milliseconds
        try db.run("SELECT tat FROM rate_limits WHERE key = ?", .text(key)) { row in tat = row.integer(0) }
        return .refused(retryAfter: limit.retryAfter(tat: tat, now: now))
    }

    // MARK: Steps

    /// Claims due steps under a lease.
    public func claimDueSteps(
        now: Timestamp, limit: Int, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> [ClaimedStep] {
        let steps = try await write { (db) throws(VerificationStoreError) -> [ClaimedStep] in
            var steps: [ClaimedStep] = []
            try db.run(
                """
                UPDATE verification_steps SET lease_until = ?3 WHERE id IN (\
                SELECT id FROM verification_steps WHERE done = 0 AND due_at <= ?1 \
                AND (lease_until IS NULL OR lease_until <= ?1) ORDER BY due_at, id LIMIT ?2) \
                RETURNING id, verification_id, kind, due_at, sealed_code
                """, .integer(now.milliseconds), .int(limit), .integer(leaseUntil.milliseconds)
            ) { row throws(VerificationStoreError) in
                guard let kind = ScheduledStep.Kind(rawValue: row.text(2) ?? "") else {
                    throw .corruptRow("verification_steps.kind")
                }
                steps.append(
                    ClaimedStep(
                        stepID: row.integer(0), verificationID: row.text(1) ?? "",
                        step: ScheduledStep(
                            kind: kind, dueAt: Timestamp(milliseconds: row.integer(3)),
                            sealedCode: row.blob(4))))
            }
            return steps
        }
        return steps.sorted { ($0.step.dueAt, $0.stepID) < ($1.step.dueAt, $1.stepID) }
    }

    /// Marks a step done and erases its sealed code.
    public func completeStep(_ stepID: Int64) async throws(VerificationStoreError) {
        try await write { (db) throws(VerificationStoreError) in
            try db.run(
                "UPDATE verification_steps SET done = 1, sealed_code = NULL WHERE id = ?", .integer(stepID))
        }
    }

    /// Deletes rows that can no longer matter.
    public func purge(now: Timestamp, finishedBefore: Timestamp) async throws(VerificationStoreError) -> Int {
        try locked { (db) throws(VerificationStoreError) -> Int in
            try db.transaction { () throws(VerificationStoreError) -> Int in
                let cutoff = SQLiteValue.integer(finishedBefore.milliseconds)
                return try db.count(
                    "DELETE FROM rate_limits WHERE tat <= ? RETURNING 1", .integer(now.milliseconds))
                    + db.count(
                        "DELETE FROM idempotency_keys WHERE expires_at <= ? RETURNING 1",
                        .integer(now.milliseconds))
                    + db.count(
                        """
                        DELETE FROM verification_steps WHERE done = 1 OR verification_id IN \
                        (SELECT id FROM verifications WHERE finished_at IS NOT NULL AND finished_at < ?) RETURNING 1
                        """, cutoff)
                    + db.count(
                        "DELETE FROM verifications WHERE finished_at IS NOT NULL AND finished_at < ? RETURNING 1",
                        cutoff)
            }
        }
    }

    // MARK: Rows

    static func select(_ id: String, on db: SQLiteConnection) throws(VerificationStoreError)
        -> VerificationRecord?
    {
        var record: VerificationRecord?
        try db.run(
            """
            SELECT id, flow, account, phone, region, reference, state, code_digest, code_generation, attempts, \
            max_attempts, created_at, expires_at, finished_at FROM verifications WHERE id = ?
            """, .text(id)
        ) { row throws(VerificationStoreError) in record = try Self.record(row) }
        return record
    }

    static func refusal(_ record: VerificationRecord, now: Timestamp) -> AttemptRefusal {
        switch record.state {
        case .approved: .alreadyApproved
        case .expired: .expired
        case .locked: .attemptsExhausted
        case .rejected, .deliveryFailed: .finished
        case .pending: record.expiresAt <= now ? .expired : .attemptsExhausted
        }
    }

    /// A verification from a row of the 14 columns in table order.
    static func record(_ row: SQLiteRow) throws(VerificationStoreError) -> VerificationRecord {
        guard let flow = VerificationFlow(rawValue: row.text(1) ?? "") else {
            throw .corruptRow("verifications.flow")
        }
        guard let state = VerificationState(rawValue: row.text(6) ?? "") else {
            throw .corruptRow("verifications.state")
        }
        guard let digest = row.blob(7) else { throw .corruptRow("verifications.code_digest") }
        return VerificationRecord(
            id: row.text(0) ?? "", flow: flow, account: row.text(2) ?? "", phoneNumber: row.text(3) ?? "",
            region: row.text(4) ?? "", reference: row.text(5), state: state, codeDigest: digest,
            codeGeneration: row.int(8), attempts: row.int(9), maxAttempts: row.int(10),
            createdAt: Timestamp(milliseconds: row.integer(11)),
            expiresAt: Timestamp(milliseconds: row.integer(12)),
            finishedAt: row.isNull(13) ? nil : Timestamp(milliseconds: row.integer(13)))
    }
}
