import PostgresNIO
public import Verification

extension PostgresVerificationStore {
    /// How many times an operation whose two statements were separated by a concurrent change
    /// (a refusal classified, then the row seen allowing it) starts over before giving up.
    static let retries = 8

    /// Reserves an idempotency key with one `INSERT … ON CONFLICT (key) DO UPDATE … WHERE expired
    /// RETURNING`: of several concurrent reservations of one key exactly one gets
    /// `Verification.IdempotencyReservation.reserved` (the others wait for its row lock, then see
    /// its live key). A live key is answered with the verification it names, or
    /// `Verification.IdempotencyReservation.inProgress` while that one is not stored yet.
    public func reserve(
        _ claim: IdempotencyClaim, verificationID: String, now: Timestamp
    ) async throws(VerificationStoreError) -> IdempotencyReservation {
        try await perform("reserve") {
            for _ in 0..<Self.retries {
                let taken = try await client.query(
                    """
                    INSERT INTO idempotency_keys AS k (key, verification_id, expires_at)
                    VALUES (\(claim.key), \(verificationID), \(claim.expiresAt.milliseconds))
                    ON CONFLICT (key) DO UPDATE
                        SET verification_id = EXCLUDED.verification_id, expires_at = EXCLUDED.expires_at
                        WHERE k.expires_at <= \(now.milliseconds)
                    RETURNING k.key
                    """, logger: logger
                ).collect()
                if !taken.isEmpty { return .reserved }
                let held = try await client.query(
                    """
                    SELECT v.id AS present, \(unescaped: Self.qualifiedRecordColumns)
                    FROM idempotency_keys k LEFT JOIN verifications v ON v.id = k.verification_id
                    WHERE k.key = \(claim.key)
                    """, logger: logger
                ).collect()
                // Released or purged between the two statements: try again.
                guard let row = held.first else { continue }
                if try row.makeRandomAccess()["present"].decode(String?.self) == nil { return .inProgress }
                return .existing(try Self.decodeRecord(row))
            }
            throw VerificationStoreError.unavailable("reserve: idempotency key contended")
        }
    }

    /// Frees a key reserved for `verificationID` (a key another start holds now is left alone).
    public func release(_ key: String, verificationID: String) async throws(VerificationStoreError) {
        try await perform("release") {
            _ = try await client.query(
                "DELETE FROM idempotency_keys WHERE key = \(key) AND verification_id = \(verificationID)",
                logger: logger)
        }
    }

    /// Stores the record and its steps in one round trip: `dialtone_start_v1` with no limits,
    /// atomic as one statement. A record whose id is already stored is refused
    /// (`Verification.VerificationStoreError.unavailable(_:)`, `unique_violation`): the engine's
    /// ids are random.
    public func insert(_ record: VerificationRecord, steps: [ScheduledStep])
        async throws(VerificationStoreError)
    {
        _ = try await insert(record, steps: steps, takingFrom: [], now: record.createdAt)
    }

    /// Takes the limits and stores the verification in one round trip: a call of the schema's
    /// `dialtone_start_v1` (migration 4), atomic as one statement.
    public func insert(
        _ record: VerificationRecord, steps: [ScheduledStep], takingFrom limits: [LimitRequest],
        now: Timestamp
    ) async throws(VerificationStoreError) -> InsertOutcome {
        let logger = logger
        let statement = StartStatement(
            keys: limits.map(\.key), intervals: limits.map(\.limit.intervalMilliseconds),
            windows: limits.map(\.limit.windowMilliseconds), enforced: limits.map(\.enforced),
            now: now.milliseconds, record: Self.columns(record), kinds: steps.map(\.kind.rawValue),
            dues: steps.map(\.dueAt.milliseconds), sealed: Self.sealedColumn(steps))
        return try await perform("start") {
            var answer: ([Int64], Bool)?
            for try await row in try await client.execute(statement, logger: logger) { answer = row }
            guard let (tats, stored) = answer, tats.count <= limits.count else {
                throw VerificationStoreError.corruptRow("dialtone_start_v1")
            }
            let decisions = zip(tats, limits).map { tat, request in
                tat < 0
                    ? RateDecision.allowed
                    : .refused(retryAfter: request.limit.retryAfter(tat: tat, now: now))
            }
            return InsertOutcome(decisions: decisions, stored: stored)
        }
    }

    /// A verification's columns as bindings.
    static func columns(_ record: VerificationRecord) -> VerificationRecordColumns {
        VerificationRecordColumns(
            id: record.id, flow: record.flow.rawValue, account: record.account, phone: record.phoneNumber,
            region: record.region, reference: record.reference, state: record.state.rawValue,
            digest: ByteBuffer(bytes: record.codeDigest), generation: record.codeGeneration,
            attempts: record.attempts, maxAttempts: record.maxAttempts,
            createdAt: record.createdAt.milliseconds, expiresAt: record.expiresAt.milliseconds,
            finishedAt: record.finishedAt?.milliseconds)
    }

    /// The steps' sealed codes as one `bytea[]`. A sealed code is never empty (a sealed box is
    /// longer than the code it holds), so an empty element stands for NULL.
    static func sealedColumn(_ steps: [ScheduledStep]) -> [ByteBuffer] {
        steps.map { ByteBuffer(bytes: $0.sealedCode ?? []) }
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
    /// classifies the refusal as `Verification.InMemoryVerificationStore` does.
    public func claimAttempt(id: String, now: Timestamp) async throws(VerificationStoreError) -> AttemptClaim
    {
        try await perform("claim attempt") {
            for _ in 0..<Self.retries {
                var granted: (ByteBuffer, Int, Int, Int)?
                for try await row in try await client.execute(
                    ClaimAttemptStatement(id: id, now: now.milliseconds), logger: logger)
                {
                    granted = row
                }
                if let (digest, generation, attempts, maxAttempts) = granted {
                    return .granted(
                        digest: Array(digest.readableBytesView), generation: generation, attempts: attempts,
                        maxAttempts: maxAttempts)
                }
                if let refusal = try await refusal(id: id, now: now) { return .refused(refusal) }
                // The row changed between the two statements (a new code extended it): try again.
            }
            throw VerificationStoreError.unavailable("claim attempt: contended")
        }
    }

    /// Checks one entry with one conditional `UPDATE … RETURNING` that also compares, blinded;
    /// when it matches no row, a read classifies the refusal as ``claimAttempt(id:now:)`` does.
    public func checkEntry(
        id: String, digests: EntryDigests, exhaustedState: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> EntryCheck {
        var generator = SystemRandomNumberGenerator()
        var nonce = ByteBuffer()
        nonce.writeInteger(generator.next() as UInt64)
        nonce.writeInteger(generator.next() as UInt64)
        let statement = CheckEntryStatement(
            id: id, now: now.milliseconds, digests: digests.byGeneration.map { ByteBuffer(bytes: $0) },
            nonce: nonce, exhaustedState: exhaustedState.rawValue)
        return try await perform("check entry") {
            for _ in 0..<Self.retries {
                var counted: (Bool, Int, Int)?
                for try await row in try await client.execute(statement, logger: logger) { counted = row }
                if let (approved, attempts, maxAttempts) = counted {
                    return approved ? .approved : .wrong(attempts: attempts, maxAttempts: maxAttempts)
                }
                if let refusal = try await refusal(id: id, now: now) { return .refused(refusal) }
                // The row changed between the two statements (a new code extended it): try again.
            }
            throw VerificationStoreError.unavailable("check entry: contended")
        }
    }

    /// Why a verification refuses an entry at `now`, read after a conditional update matched no
    /// row; `nil` when the row, read now, would accept it (it changed in between).
    private func refusal(id: String, now: Timestamp) async throws -> AttemptRefusal? {
        let current = try await client.query(
            "SELECT state, expires_at, attempts, max_attempts FROM verifications WHERE id = \(id)",
            logger: logger
        ).collect()
        guard let row = current.first else { return .unknown }
        let cells = row.makeRandomAccess()
        switch try Self.decodeState(cells["state"]) {
        case .approved: return .alreadyApproved
        case .expired: return .expired
        case .locked: return .attemptsExhausted
        case .rejected, .deliveryFailed: return .finished
        case .pending: break
        }
        if try cells["expires_at"].decode(Int64.self) <= now.milliseconds { return .expired }
        if try cells["attempts"].decode(Int.self) >= cells["max_attempts"].decode(Int.self) {
            return .attemptsExhausted
        }
        return nil
    }

    /// Finishes a pending verification whose code is `generation`, with one conditional
    /// `UPDATE … RETURNING`.
    public func finish(
        id: String, generation: Int, as state: VerificationState, now: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        try await perform("finish") {
            var changed = false
            for try await _ in try await client.execute(
                FinishStatement(state: state.rawValue, now: now.milliseconds, id: id, generation: generation),
                logger: logger)
            {
                changed = true
            }
            return changed
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

    /// Takes one unit from `key` with one upsert that computes `Verification.RateLimit.decide(tat:now:)`:
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
                var allowed = false
                for try await _ in try await client.execute(
                    AcquireStatement(key: key, now: nowMilliseconds, interval: interval, window: window),
                    logger: logger)
                {
                    allowed = true
                }
                if allowed { return .allowed }
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
