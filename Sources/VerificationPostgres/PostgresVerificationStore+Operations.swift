import PostgresNIO
public import Verification

extension PostgresVerificationStore {
    /// How many times an operation whose two statements were separated by a concurrent change
    /// (a refusal classified, then the row seen allowing it) starts over before giving up.
    static let retries = 8

    /// Stores the record and its steps in one transaction. With an idempotency claim, the key is
    /// taken with `INSERT … ON CONFLICT DO UPDATE … WHERE expired`, so of several concurrent
    /// inserts with one key exactly one stores its record; the others wait for it to commit and
    /// return it as a duplicate. A live key whose verification was purged is taken over.
    ///
    /// A record whose id is already stored is refused (``Verification/VerificationStoreError/unavailable(_:)``,
    /// `unique_violation`): the engine's ids are random.
    public func insert(
        _ record: VerificationRecord, steps: [ScheduledStep], idempotency: IdempotencyClaim?
    ) async throws(VerificationStoreError) -> InsertOutcome {
        let logger = logger
        return try await perform("insert") {
            try await client.withTransaction(logger: logger) { connection -> InsertOutcome in
                if let claim = idempotency,
                    let existing = try await Self.takeKey(claim, for: record, connection, logger)
                {
                    return .duplicate(existing)
                }
                try await connection.query(
                    """
                    INSERT INTO verifications (\(unescaped: Self.recordColumns))
                    VALUES (\(record.id), \(record.flow.rawValue), \(record.account), \(record.phoneNumber),
                        \(record.region), \(record.reference), \(record.state.rawValue),
                        \(ByteBuffer(bytes: record.codeDigest)), \(record.codeGeneration), \(record.attempts),
                        \(record.maxAttempts), \(record.createdAt.milliseconds), \(record.expiresAt.milliseconds),
                        \(record.finishedAt?.milliseconds))
                    """, logger: logger)
                for step in steps {
                    try await connection.query(
                        """
                        INSERT INTO verification_steps (verification_id, kind, due_at, sealed_code)
                        VALUES (\(record.id), \(step.kind.rawValue), \(step.dueAt.milliseconds),
                            \(step.sealedCode.map { ByteBuffer(bytes: $0) }))
                        """, logger: logger)
                }
                return .inserted
            }
        }
    }

    /// Takes the idempotency key for `record` inside the insert's transaction, or returns the
    /// verification that a live key already names.
    private static func takeKey(
        _ claim: IdempotencyClaim, for record: VerificationRecord, _ connection: PostgresConnection,
        _ logger: Logger
    ) async throws -> VerificationRecord? {
        for _ in 0..<retries {
            // Inserts the key, or replaces an expired one. A live one is left alone (and locked
            // until this transaction ends, so a purge cannot remove it under us).
            let taken = try await connection.query(
                """
                INSERT INTO idempotency_keys AS k (key, verification_id, expires_at)
                VALUES (\(claim.key), \(record.id), \(claim.expiresAt.milliseconds))
                ON CONFLICT (key) DO UPDATE
                    SET verification_id = EXCLUDED.verification_id, expires_at = EXCLUDED.expires_at
                    WHERE k.expires_at <= \(record.createdAt.milliseconds)
                RETURNING k.key
                """, logger: logger
            ).collect()
            if !taken.isEmpty { return nil }
            let held = try await connection.query(
                """
                SELECT k.verification_id AS held_id, k.expires_at AS held_until, v.id AS present,
                    \(unescaped: qualifiedRecordColumns)
                FROM idempotency_keys k LEFT JOIN verifications v ON v.id = k.verification_id
                WHERE k.key = \(claim.key)
                """, logger: logger
            ).collect()
            guard let row = held.first else { continue }
            let cells = row.makeRandomAccess()
            if try cells["present"].decode(String?.self) != nil { return try decodeRecord(row) }
            // The key is live but its verification was purged: take it over, unless another
            // insert does first.
            let heldID = try cells["held_id"].decode(String.self)
            let heldUntil = try cells["held_until"].decode(Int64.self)
            let replaced = try await connection.query(
                """
                UPDATE idempotency_keys SET verification_id = \(record.id), expires_at = \(claim.expiresAt.milliseconds)
                WHERE key = \(claim.key) AND verification_id = \(heldID) AND expires_at = \(heldUntil)
                RETURNING key
                """, logger: logger
            ).collect()
            if !replaced.isEmpty { return nil }
        }
        throw VerificationStoreError.unavailable("insert: idempotency key contended")
    }

    /// The verification with this id, if any.
    public func verification(id: String) async throws(VerificationStoreError) -> VerificationRecord? {
        try await perform("verification") {
            let rows = try await client.query(
                "SELECT \(unescaped: Self.recordColumns) FROM verifications WHERE id = \(id)", logger: logger
            ).collect()
            return try rows.first.map(Self.decodeRecord)
        }
    }

    /// Counts one entry with one conditional `UPDATE … RETURNING`; when it matches no row, a read
    /// classifies the refusal as ``Verification/InMemoryVerificationStore`` does.
    public func claimAttempt(id: String, now: Timestamp) async throws(VerificationStoreError) -> AttemptClaim
    {
        try await perform("claim attempt") {
            for _ in 0..<Self.retries {
                let granted = try await client.query(
                    """
                    UPDATE verifications SET attempts = attempts + 1
                    WHERE id = \(id) AND state = 'pending' AND expires_at > \(now.milliseconds)
                        AND attempts < max_attempts
                    RETURNING code_digest, code_generation, attempts, max_attempts
                    """, logger: logger
                ).collect()
                if let row = granted.first {
                    let cells = row.makeRandomAccess()
                    return .granted(
                        digest: Array(try cells["code_digest"].decode(ByteBuffer.self).readableBytesView),
                        generation: try cells["code_generation"].decode(Int.self),
                        attempts: try cells["attempts"].decode(Int.self),
                        maxAttempts: try cells["max_attempts"].decode(Int.self))
                }
                let current = try await client.query(
                    "SELECT state, expires_at, attempts, max_attempts FROM verifications WHERE id = \(id)",
                    logger: logger
                ).collect()
                guard let row = current.first else { return .refused(.unknown) }
                let cells = row.makeRandomAccess()
                switch try Self.decodeState(cells["state"]) {
                case .approved: return .refused(.alreadyApproved)
                case .expired: return .refused(.expired)
                case .locked: return .refused(.attemptsExhausted)
                case .rejected, .deliveryFailed: return .refused(.finished)
                case .pending: break
                }
                if try cells["expires_at"].decode(Int64.self) <= now.milliseconds {
                    return .refused(.expired)
                }
                if try cells["attempts"].decode(Int.self) >= cells["max_attempts"].decode(Int.self) {
                    return .refused(.attemptsExhausted)
                }
                // The row changed between the two statements (a new code extended it): try again.
            }
            throw VerificationStoreError.unavailable("claim attempt: contended")
        }
    }

    /// Finishes a pending verification whose code is `generation`, with one conditional
    /// `UPDATE … RETURNING`.
    public func finish(
        id: String, generation: Int, as state: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        try await perform("finish") {
            let rows = try await client.query(
                """
                UPDATE verifications SET state = \(state.rawValue), finished_at = \(now.milliseconds)
                WHERE id = \(id) AND state = 'pending' AND code_generation = \(generation)
                RETURNING id
                """, logger: logger
            ).collect()
            return !rows.isEmpty
        }
    }

    /// Replaces the code of a pending verification whose code is `generation`, with one
    /// conditional `UPDATE … RETURNING`.
    public func replaceCode(
        id: String, generation: Int, digest: [UInt8], expiresAt: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        try await perform("replace code") {
            let rows = try await client.query(
                """
                UPDATE verifications
                SET code_generation = code_generation + 1, code_digest = \(ByteBuffer(bytes: digest)),
                    expires_at = \(expiresAt.milliseconds)
                WHERE id = \(id) AND state = 'pending' AND code_generation = \(generation)
                RETURNING id
                """, logger: logger
            ).collect()
            return !rows.isEmpty
        }
    }

    /// Takes one unit from `key` with one upsert that computes ``Verification/RateLimit/decide(tat:now:)``:
    /// a new key is inserted (always allowed), an existing one moves its `tat` only when the result
    /// stays within the window. A refusal reads the `tat` for the retry-after.
    public func acquire(
        _ key: String, limit: RateLimit, now: Timestamp
    ) async throws(VerificationStoreError) -> RateDecision {
        let interval = limit.intervalMilliseconds
        let window = limit.windowMilliseconds
        let nowMilliseconds = now.milliseconds
        return try await perform("acquire") {
            for _ in 0..<Self.retries {
                let allowed = try await client.query(
                    """
                    INSERT INTO rate_limits AS r (key, tat) VALUES (\(key), \(nowMilliseconds + interval))
                    ON CONFLICT (key) DO UPDATE SET tat = GREATEST(r.tat, \(nowMilliseconds)) + \(interval)
                        WHERE GREATEST(r.tat, \(nowMilliseconds)) + \(interval) - \(nowMilliseconds) <= \(window)
                    RETURNING tat
                    """, logger: logger
                ).collect()
                if !allowed.isEmpty { return .allowed }
                let current = try await client.query(
                    "SELECT tat FROM rate_limits WHERE key = \(key)", logger: logger
                ).collect()
                // Purged between the two statements: start over.
                guard let row = current.first else { continue }
                let tat = try row.makeRandomAccess()["tat"].decode(Int64.self)
                return .refused(retryAfter: limit.retryAfter(tat: tat, now: now))
            }
            throw VerificationStoreError.unavailable("acquire: contended")
        }
    }

    /// Leases up to `limit` due steps with one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP
    /// LOCKED)`: concurrent callers skip each other's rows, and a row leased meanwhile no longer
    /// matches, so each due step goes to one caller. Sorted by due time, then id.
    public func claimDueSteps(
        now: Timestamp, limit: Int, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> [ClaimedStep] {
        guard limit > 0 else { return [] }
        return try await perform("claim due steps") {
            let rows = try await client.query(
                """
                UPDATE verification_steps SET lease_until = \(leaseUntil.milliseconds)
                WHERE id IN (
                    SELECT id FROM verification_steps
                    WHERE NOT done AND due_at <= \(now.milliseconds)
                        AND (lease_until IS NULL OR lease_until <= \(now.milliseconds))
                    ORDER BY due_at, id
                    LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, verification_id, kind, due_at, sealed_code
                """, logger: logger
            ).collect()
            var claimed: [ClaimedStep] = []
            claimed.reserveCapacity(rows.count)
            for row in rows {
                let cells = row.makeRandomAccess()
                let kindText = try cells["kind"].decode(String.self)
                guard let kind = ScheduledStep.Kind(rawValue: kindText) else {
                    throw VerificationStoreError.corruptRow(
                        "verification_steps.kind: unknown value '\(kindText)'")
                }
                let sealed = try cells["sealed_code"].decode(ByteBuffer?.self).map {
                    Array($0.readableBytesView)
                }
                claimed.append(
                    ClaimedStep(
                        stepID: try cells["id"].decode(Int64.self),
                        verificationID: try cells["verification_id"].decode(String.self),
                        step: ScheduledStep(
                            kind: kind,
                            dueAt: Timestamp(milliseconds: try cells["due_at"].decode(Int64.self)),
                            sealedCode: sealed)))
            }
            return claimed.sorted { ($0.step.dueAt, $0.stepID) < ($1.step.dueAt, $1.stepID) }
        }
    }

    /// Marks the step done and erases its sealed code.
    public func completeStep(_ stepID: Int64) async throws(VerificationStoreError) {
        try await perform("complete step") {
            _ = try await client.query(
                "UPDATE verification_steps SET done = true, sealed_code = NULL WHERE id = \(stepID)",
                logger: logger)
        }
    }

    /// Deletes, in one transaction, rate-limit rows whose `tat` has passed, expired idempotency
    /// keys, done steps, and verifications finished before `finishedBefore` with their steps.
    /// Returns the number of rows removed (each table's rows counted, as the in-memory store does).
    public func purge(now: Timestamp, finishedBefore: Timestamp) async throws(VerificationStoreError) -> Int {
        let logger = logger
        return try await perform("purge") {
            try await client.withTransaction(logger: logger) { connection -> Int in
                let statements: [PostgresQuery] = [
                    "DELETE FROM rate_limits WHERE tat <= \(now.milliseconds) RETURNING 1",
                    "DELETE FROM idempotency_keys WHERE expires_at <= \(now.milliseconds) RETURNING 1",
                    """
                    DELETE FROM verification_steps s
                    WHERE s.done OR NOT EXISTS (
                        SELECT 1 FROM verifications v
                        WHERE v.id = s.verification_id
                            AND (v.finished_at IS NULL OR v.finished_at >= \(finishedBefore.milliseconds)))
                    RETURNING 1
                    """,
                    "DELETE FROM verifications WHERE finished_at < \(finishedBefore.milliseconds) RETURNING 1",
                ]
                var removed = 0
                for statement in statements {
                    removed += try await connection.query(statement, logger: logger).collect().count
                }
                return removed
            }
        }
    }

    // MARK: Rows

    /// The columns of `verifications`, in the order ``VerificationRecord`` lists them.
    static let recordColumns =
        "id, flow, account, phone, region, reference, state, code_digest, code_generation, attempts, "
        + "max_attempts, created_at, expires_at, finished_at"

    /// ``recordColumns`` qualified with the alias `v`.
    static let qualifiedRecordColumns =
        recordColumns.split(separator: ",").map { "v." + $0.trimmingSpaces }.joined(separator: ", ")

    static func decodeRecord(_ row: PostgresRow) throws -> VerificationRecord {
        let cells = row.makeRandomAccess()
        let flowText = try cells["flow"].decode(String.self)
        guard let flow = VerificationFlow(rawValue: flowText) else {
            throw VerificationStoreError.corruptRow("verifications.flow: unknown value '\(flowText)'")
        }
        return VerificationRecord(
            id: try cells["id"].decode(String.self), flow: flow,
            account: try cells["account"].decode(String.self),
            phoneNumber: try cells["phone"].decode(String.self),
            region: try cells["region"].decode(String.self),
            reference: try cells["reference"].decode(String?.self), state: try decodeState(cells["state"]),
            codeDigest: Array(try cells["code_digest"].decode(ByteBuffer.self).readableBytesView),
            codeGeneration: try cells["code_generation"].decode(Int.self),
            attempts: try cells["attempts"].decode(Int.self),
            maxAttempts: try cells["max_attempts"].decode(Int.self),
            createdAt: Timestamp(milliseconds: try cells["created_at"].decode(Int64.self)),
            expiresAt: Timestamp(milliseconds: try cells["expires_at"].decode(Int64.self)),
            finishedAt: try cells["finished_at"].decode(Int64?.self).map(Timestamp.init(milliseconds:)))
    }

    static func decodeState(_ cell: PostgresCell) throws -> VerificationState {
        let text = try cell.decode(String.self)
        guard let state = VerificationState(rawValue: text) else {
            throw VerificationStoreError.corruptRow("verifications.state: unknown value '\(text)'")
        }
        return state
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
