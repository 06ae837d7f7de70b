import NIOCore
import SQLiteNIO
import Synchronization
public import Verification

/// The embedded default store: one SQLite file in WAL mode (sqlite-nio, which carries its own
/// SQLite, so nothing needs installing).
///
/// One connection serves the process; operations take it in turn (an async FIFO lock), and
/// transactions use `BEGIN IMMEDIATE`, so every deciding method is atomic also when several
/// processes open the same file (SQLite's file lock serializes their writers).
public final class SQLiteVerificationStore: VerificationStore {
    private let connection: SQLiteConnection
    private let lock = AsyncLock()
    private let closed = Mutex(false)

    /// The schema version this code writes and reads.
    public static let schemaVersion = SQLiteSchema.migrations.count

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    /// `":memory:"` opens a private in-memory database.
    public static func open(path: String) async throws(VerificationStoreError) -> SQLiteVerificationStore {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(
                storage: path == ":memory:" ? .memory : .file(path: path))
        } catch {
            throw .unavailable("cannot open the SQLite database: \(error)")
        }
        let store = SQLiteVerificationStore(connection: connection)
        do throws(VerificationStoreError) {
            try await store.exclusive { () async throws(VerificationStoreError) in
                // WAL: readers never block the writer; NORMAL: a commit is durable once the WAL is
                // synced at checkpoints, the usual setting for WAL (a power cut may lose the last
                // transactions, never corrupt the file).
                _ = try await store.query("PRAGMA journal_mode = WAL")
                _ = try await store.query("PRAGMA synchronous = NORMAL")
                _ = try await store.query("PRAGMA foreign_keys = ON")
            }
            try await store.migrate()
        } catch {
            try? await connection.close()
            throw error
        }
        return store
    }

    /// A store dropped without ``close()`` closes its connection on the way out.
    deinit {
        if !closed.withLock({ $0 }) { _ = connection.close() }
    }

    /// Closes the connection. The store must not be used afterwards.
    public func close() async {
        await lock.lock()
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        if !wasClosed { try? await connection.close() }
        lock.unlock()
    }

    // MARK: Plumbing

    private func exclusive<T>(_ body: () async throws(VerificationStoreError) -> T)
        async throws(VerificationStoreError)
        -> T
    {
        await lock.lock()
        defer { lock.unlock() }
        return try await body()
    }

    /// One operation in a `BEGIN IMMEDIATE` transaction, rolled back if it throws.
    private func transaction<T>(_ body: () async throws(VerificationStoreError) -> T)
        async throws(VerificationStoreError) -> T
    {
        try await exclusive { () async throws(VerificationStoreError) -> T in
            _ = try await query("BEGIN IMMEDIATE")
            do throws(VerificationStoreError) {
                let value = try await body()
                _ = try await query("COMMIT")
                return value
            } catch {
                _ = try? await query("ROLLBACK")
                throw error
            }
        }
    }

    private func query(_ sql: String, _ binds: [SQLiteData] = []) async throws(VerificationStoreError)
        -> [SQLiteRow]
    {
        do {
            return try await connection.query(sql, binds)
        } catch {
            // SQLite's message names the statement's problem, never the bound values.
            throw .unavailable("\(error)")
        }
    }

    /// A single statement, under the lock.
    private func run(_ sql: String, _ binds: [SQLiteData] = []) async throws(VerificationStoreError)
        -> [SQLiteRow]
    {
        try await exclusive { () async throws(VerificationStoreError) in try await query(sql, binds) }
    }

    // MARK: Schema

    /// Creates or upgrades the schema.
    public func migrate() async throws(VerificationStoreError) {
        try await transaction { () async throws(VerificationStoreError) in
            _ = try await query(
                "CREATE TABLE IF NOT EXISTS dialtone_schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"
            )
            let rows = try await query(
                "SELECT COALESCE(MAX(version), 0) AS version FROM dialtone_schema_migrations")
            let current = Int(rows.first?.column("version")?.integer ?? 0)
            let known = SQLiteSchema.migrations.count
            guard current <= known else { throw .schemaTooNew(found: current, known: known) }
            for version in (current + 1)...max(current + 1, known) where version <= known {
                for statement in SQLiteSchema.migrations[version - 1] {
                    _ = try await query(statement)
                }
                _ = try await query(
                    "INSERT INTO dialtone_schema_migrations (version, applied_at) VALUES (?, strftime('%s','now'))",
                    [.integer(version)])
            }
        }
    }

    // MARK: Verifications

    /// Reserves an idempotency key (see ``VerificationStore/reserve(_:verificationID:now:)``).
    public func reserve(
        _ claim: IdempotencyClaim, verificationID: String, now: Timestamp
    ) async throws(VerificationStoreError) -> IdempotencyReservation {
        try await exclusive { () async throws(VerificationStoreError) -> IdempotencyReservation in
            let taken = try await query(
                """
                INSERT INTO idempotency_keys (key, verification_id, expires_at) VALUES (?1, ?2, ?3) \
                ON CONFLICT (key) DO UPDATE SET verification_id = excluded.verification_id, \
                expires_at = excluded.expires_at WHERE idempotency_keys.expires_at <= ?4 RETURNING key
                """,
                [
                    .text(claim.key), .text(verificationID), .integer(Int(claim.expiresAt.milliseconds)),
                    .integer(Int(now.milliseconds)),
                ])
            if !taken.isEmpty { return .reserved }
            let rows = try await query(
                "SELECT v.* FROM idempotency_keys k JOIN verifications v ON v.id = k.verification_id WHERE k.key = ?",
                [.text(claim.key)])
            guard let row = rows.first else { return .inProgress }
            return .existing(try Self.record(row))
        }
    }

    /// Frees a reserved idempotency key.
    public func release(_ key: String, verificationID: String) async throws(VerificationStoreError) {
        _ = try await run(
            "DELETE FROM idempotency_keys WHERE key = ? AND verification_id = ?",
            [.text(key), .text(verificationID)])
    }

    /// Stores a verification and its steps.
    public func insert(_ record: VerificationRecord, steps: [ScheduledStep])
        async throws(VerificationStoreError)
    {
        try await transaction { () async throws(VerificationStoreError) in
            _ = try await query(
                """
                INSERT INTO verifications (id, flow, account, phone, region, reference, state, code_digest, \
                code_generation, attempts, max_attempts, created_at, expires_at, finished_at) \
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(record.id), .text(record.flow.rawValue), .text(record.account),
                    .text(record.phoneNumber),
                    .text(record.region), record.reference.map(SQLiteData.text) ?? .null,
                    .text(record.state.rawValue), Self.blob(record.codeDigest),
                    .integer(record.codeGeneration),
                    .integer(record.attempts), .integer(record.maxAttempts),
                    .integer(Int(record.createdAt.milliseconds)),
                    .integer(Int(record.expiresAt.milliseconds)),
                    record.finishedAt.map { .integer(Int($0.milliseconds)) } ?? .null,
                ])
            if !steps.isEmpty {
                // Every step in one statement.
                var binds: [SQLiteData] = []
                for step in steps {
                    binds += [
                        .text(record.id), .text(step.kind.rawValue), .integer(Int(step.dueAt.milliseconds)),
                        step.sealedCode.map(Self.blob) ?? .null,
                    ]
                }
                let rows = Array(repeating: "(?, ?, ?, ?, NULL, 0)", count: steps.count).joined(
                    separator: ", ")
                _ = try await query(
                    "INSERT INTO verification_steps (verification_id, kind, due_at, sealed_code, lease_until, done) VALUES \(rows)",
                    binds)
            }
        }
    }

    /// The verification with this id.
    public func verification(id: String) async throws(VerificationStoreError) -> VerificationRecord? {
        let rows = try await run("SELECT * FROM verifications WHERE id = ?", [.text(id)])
        guard let row = rows.first else { return nil }
        return try Self.record(row)
    }

    /// Counts one entry atomically (see ``VerificationStore/claimAttempt(id:now:)``).
    public func claimAttempt(id: String, now: Timestamp) async throws(VerificationStoreError) -> AttemptClaim
    {
        try await exclusive { () async throws(VerificationStoreError) -> AttemptClaim in
            let granted = try await query(
                """
                UPDATE verifications SET attempts = attempts + 1 \
                WHERE id = ? AND state = 'pending' AND expires_at > ? AND attempts < max_attempts \
                RETURNING code_digest, code_generation, attempts, max_attempts
                """,
                [.text(id), .integer(Int(now.milliseconds))])
            if let row = granted.first {
                return .granted(
                    digest: try Self.bytes(row, "code_digest"),
                    generation: try Self.int(row, "code_generation"),
                    attempts: try Self.int(row, "attempts"), maxAttempts: try Self.int(row, "max_attempts"))
            }
            let rows = try await query("SELECT * FROM verifications WHERE id = ?", [.text(id)])
            guard let row = rows.first else { return .refused(.unknown) }
            return .refused(Self.refusal(try Self.record(row), now: now))
        }
    }

    /// Moves a pending verification to a final state, if no one did first.
    public func finish(
        id: String, generation: Int, as state: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        let rows = try await run(
            "UPDATE verifications SET state = ?, finished_at = ? WHERE id = ? AND state = 'pending' AND code_generation = ? RETURNING id",
            [.text(state.rawValue), .integer(Int(now.milliseconds)), .text(id), .integer(generation)])
        return !rows.isEmpty
    }

    /// Replaces the code of a pending verification.
    public func replaceCode(
        id: String, generation: Int, digest: [UInt8], expiresAt: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        let rows = try await run(
            """
            UPDATE verifications SET code_generation = code_generation + 1, code_digest = ?, expires_at = ? \
            WHERE id = ? AND state = 'pending' AND code_generation = ? RETURNING id
            """,
            [Self.blob(digest), .integer(Int(expiresAt.milliseconds)), .text(id), .integer(generation)])
        return !rows.isEmpty
    }

    // MARK: Rate limits

    /// Takes one unit from a rate limit (GCRA).
    public func acquire(
        _ key: String, limit: RateLimit, now: Timestamp
    ) async throws(VerificationStoreError) -> RateDecision {
        try await exclusive { () async throws(VerificationStoreError) -> RateDecision in
            let nowMS = Int(now.milliseconds)
            let interval = Int(limit.intervalMilliseconds)
            let window = Int(limit.windowMilliseconds)
            // GCRA in one statement: a new key, or an old one whose next arrival stays within the window.
            let rows = try await query(
                """
                INSERT INTO rate_limits (key, tat) VALUES (?1, ?2 + ?3) \
                ON CONFLICT (key) DO UPDATE SET tat = max(tat, ?2) + ?3 WHERE max(tat, ?2) + ?3 - ?2 <= ?4 \
                RETURNING tat
                """,
                [.text(key), .integer(nowMS), .integer(interval), .integer(window)])
            if !rows.isEmpty { return .allowed }
            let current = try await query("SELECT tat FROM rate_limits WHERE key = ?", [.text(key)])
            let tat = Int64(current.first?.column("tat")?.integer ?? nowMS)
            return .refused(retryAfter: limit.retryAfter(tat: tat, now: now))
        }
    }

    // MARK: Steps

    /// Claims due steps under a lease.
    public func claimDueSteps(
        now: Timestamp, limit: Int, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> [ClaimedStep] {
        let rows = try await run(
            """
            UPDATE verification_steps SET lease_until = ?3 WHERE id IN (\
            SELECT id FROM verification_steps WHERE done = 0 AND due_at <= ?1 \
            AND (lease_until IS NULL OR lease_until <= ?1) ORDER BY due_at, id LIMIT ?2) \
            RETURNING id, verification_id, kind, due_at, sealed_code
            """,
            [.integer(Int(now.milliseconds)), .integer(limit), .integer(Int(leaseUntil.milliseconds))])
        var steps: [ClaimedStep] = []
        for row in rows {
            guard let kind = ScheduledStep.Kind(rawValue: row.column("kind")?.string ?? "") else {
                throw .corruptRow("verification_steps.kind")
            }
            let sealed = row.column("sealed_code").flatMap { $0.isNull ? nil : $0.blob }.map {
                Array($0.readableBytesView)
            }
            steps.append(
                ClaimedStep(
                    stepID: Int64(try Self.int(row, "id")),
                    verificationID: row.column("verification_id")?.string ?? "",
                    step: ScheduledStep(
                        kind: kind, dueAt: Timestamp(milliseconds: Int64(try Self.int(row, "due_at"))),
                        sealedCode: sealed)))
        }
        return steps.sorted { ($0.step.dueAt, $0.stepID) < ($1.step.dueAt, $1.stepID) }
    }

    /// Marks a step done and erases its sealed code.
    public func completeStep(_ stepID: Int64) async throws(VerificationStoreError) {
        _ = try await run(
            "UPDATE verification_steps SET done = 1, sealed_code = NULL WHERE id = ?", [.integer(Int(stepID))]
        )
    }

    /// Deletes rows that can no longer matter.
    public func purge(now: Timestamp, finishedBefore: Timestamp) async throws(VerificationStoreError) -> Int {
        try await transaction { () async throws(VerificationStoreError) -> Int in
            let nowMS = SQLiteData.integer(Int(now.milliseconds))
            var removed = 0
            for (sql, binds) in [
                ("DELETE FROM rate_limits WHERE tat <= ? RETURNING 1", [nowMS]),
                ("DELETE FROM idempotency_keys WHERE expires_at <= ? RETURNING 1", [nowMS]),
                (
                    "DELETE FROM verification_steps WHERE done = 1 OR verification_id IN (SELECT id FROM verifications WHERE finished_at IS NOT NULL AND finished_at < ?) RETURNING 1",
                    [.integer(Int(finishedBefore.milliseconds))]
                ),
                (
                    "DELETE FROM verifications WHERE finished_at IS NOT NULL AND finished_at < ? RETURNING 1",
                    [.integer(Int(finishedBefore.milliseconds))]
                ),
            ] as [(String, [SQLiteData])] {
                removed += try await query(sql, binds).count
            }
            return removed
        }
    }

    // MARK: Rows

    static func refusal(_ record: VerificationRecord, now: Timestamp) -> AttemptRefusal {
        switch record.state {
        case .approved: .alreadyApproved
        case .expired: .expired
        case .locked: .attemptsExhausted
        case .rejected, .deliveryFailed: .finished
        case .pending: record.expiresAt <= now ? .expired : .attemptsExhausted
        }
    }

    static func blob(_ bytes: [UInt8]) -> SQLiteData {
        .blob(ByteBuffer(bytes: bytes))
    }

    static func int(_ row: SQLiteRow, _ column: String) throws(VerificationStoreError) -> Int {
        guard let value = row.column(column)?.integer else { throw .corruptRow(column) }
        return Int(value)
    }

    static func bytes(_ row: SQLiteRow, _ column: String) throws(VerificationStoreError) -> [UInt8] {
        guard let value = row.column(column)?.blob else { throw .corruptRow(column) }
        return Array(value.readableBytesView)
    }

    static func record(_ row: SQLiteRow) throws(VerificationStoreError) -> VerificationRecord {
        guard let flow = VerificationFlow(rawValue: row.column("flow")?.string ?? "") else {
            throw .corruptRow("verifications.flow")
        }
        guard let state = VerificationState(rawValue: row.column("state")?.string ?? "") else {
            throw .corruptRow("verifications.state")
        }
        let finished = row.column("finished_at").flatMap { $0.isNull ? nil : $0.integer }
        return VerificationRecord(
            id: row.column("id")?.string ?? "", flow: flow, account: row.column("account")?.string ?? "",
            phoneNumber: row.column("phone")?.string ?? "", region: row.column("region")?.string ?? "",
            reference: row.column("reference").flatMap { $0.isNull ? nil : $0.string }, state: state,
            codeDigest: try bytes(row, "code_digest"), codeGeneration: try int(row, "code_generation"),
            attempts: try int(row, "attempts"), maxAttempts: try int(row, "max_attempts"),
            createdAt: Timestamp(milliseconds: Int64(try int(row, "created_at"))),
            expiresAt: Timestamp(milliseconds: Int64(try int(row, "expires_at"))),
            finishedAt: finished.map { Timestamp(milliseconds: Int64($0)) })
    }
}

extension SQLiteVerificationStore: MessageJournal {
    /// Appends an entry unless its id is already there; keeps the newest 1000.
    public func append(_ entry: OutboundMessage) async throws(VerificationStoreError) {
        let rows = try await run(
            """
            INSERT INTO sandbox_messages (id, verification_id, recipient, kind, text, sender, sent_at) \
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING seq
            """,
            [
                .text(entry.id), .text(entry.verificationID), .text(entry.to), .text(entry.kind.rawValue),
                .text(entry.text), entry.sender.map(SQLiteData.text) ?? .null,
                .integer(Int(entry.createdAt.milliseconds)),
            ])
        // Trimmed every 100 messages, so a message costs one statement; the journal then holds
        // between 1,000 and 1,099 messages, of which `entries` shows the newest.
        if let seq = rows.first?.column("seq")?.integer, seq % 100 == 0 {
            _ = try await run(
                "DELETE FROM sandbox_messages WHERE seq <= ?", [.integer(seq - MessageJournalLimits.capacity)]
            )
        }
    }

    /// The newest `limit` entries (to `number`, if given), oldest first.
    public func entries(to number: String?, limit: Int) async throws(VerificationStoreError)
        -> [OutboundMessage]
    {
        let rows = try await run(
            """
            SELECT * FROM (SELECT * FROM sandbox_messages WHERE ?1 IS NULL OR recipient = ?1 \
            ORDER BY seq DESC LIMIT ?2) ORDER BY seq
            """,
            [number.map(SQLiteData.text) ?? .null, .integer(max(0, limit))])
        return try rows.map { row throws(VerificationStoreError) in
            guard let kind = DeliveryKind(rawValue: row.column("kind")?.string ?? "") else {
                throw .corruptRow("sandbox_messages.kind")
            }
            return OutboundMessage(
                id: row.column("id")?.string ?? "",
                verificationID: row.column("verification_id")?.string ?? "",
                to: row.column("recipient")?.string ?? "", kind: kind, text: row.column("text")?.string ?? "",
                sender: row.column("sender").flatMap { $0.isNull ? nil : $0.string },
                createdAt: Timestamp(milliseconds: Int64(try Self.int(row, "sent_at"))))
        }
    }

    /// Empties every table but the schema's.
    public func resetSandbox() async throws(VerificationStoreError) {
        try await transaction { () async throws(VerificationStoreError) in
            for table in [
                "sandbox_messages", "verification_steps", "verifications", "idempotency_keys", "rate_limits",
            ] {
                _ = try await query("DELETE FROM \(table)")
            }
        }
    }
}
