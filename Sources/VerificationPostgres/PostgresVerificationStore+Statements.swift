import PostgresNIO

/// The statements the store runs most (a start, a check, a limit, an attempt), prepared once per
/// connection: the server parses and plans them once instead of for every call.
extension PostgresVerificationStore {
    /// The GCRA upsert of ``acquire(_:limit:now:)``: a row when the unit was taken.
    struct AcquireStatement: PostgresPreparedStatement {
        static let name = "dialtone_acquire_v1"
        static let sql = """
            INSERT INTO rate_limits AS r (key, tat) VALUES ($1, $2 + $3)
            ON CONFLICT (key) DO UPDATE SET tat = GREATEST(r.tat, $2) + $3
                WHERE GREATEST(r.tat, $2) + $3 - $2 <= $4
            RETURNING tat
            """
        typealias Row = Int64

        var key: String
        var now: Int64
        var interval: Int64
        var window: Int64

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 4)
            bindings.append(key)
            bindings.append(now)
            bindings.append(interval)
            bindings.append(window)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
    }

    /// ``insert(_:steps:takingFrom:now:)`` in one round trip: a call of the schema's
    /// `dialtone_start_v1` (migration 4), which takes the limits in order and, unless an enforced
    /// one refuses, stores the verification with its steps, all in the statement's transaction.
    struct StartStatement: PostgresPreparedStatement {
        static let name = "dialtone_start_v1"
        static let sql = """
            SELECT limit_tats, stored FROM dialtone_start_v1(
                $1::text[], $2::bigint[], $3::bigint[], $4::boolean[], $5::bigint,
                $6::text, $7::text, $8::text, $9::text, $10::text, $11::text, $12::text, $13::bytea,
                $14::integer, $15::integer, $16::integer, $17::bigint, $18::bigint, $19::bigint,
                $20::text[], $21::bigint[], $22::bytea[])
            """
        typealias Row = ([Int64], Bool)

        var keys: [String]
        var intervals: [Int64]
        var windows: [Int64]
        var enforced: [Bool]
        var now: Int64
        var record: VerificationRecordColumns
        var kinds: [String]
        var dues: [Int64]
        var sealed: [ByteBuffer]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 22)
            bindings.append(keys)
            bindings.append(intervals)
            bindings.append(windows)
            bindings.append(enforced)
            bindings.append(now)
            record.append(to: &bindings)
            bindings.append(kinds)
            bindings.append(dues)
            bindings.append(sealed)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> ([Int64], Bool) {
            try row.decode(([Int64], Bool).self)
        }
    }

    /// The conditional attempt count of ``claimAttempt(id:now:)``.
    struct ClaimAttemptStatement: PostgresPreparedStatement {
        static let name = "dialtone_claim_attempt_v1"
        static let sql = """
            UPDATE verifications SET attempts = attempts + 1
            WHERE id = $1 AND state = 'pending' AND expires_at > $2 AND attempts < max_attempts
            RETURNING code_digest, code_generation, attempts, max_attempts
            """
        typealias Row = (ByteBuffer, Int, Int, Int)

        var id: String
        var now: Int64

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(id)
            bindings.append(now)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> (ByteBuffer, Int, Int, Int) {
            try row.decode((ByteBuffer, Int, Int, Int).self)
        }
    }

    /// ``checkEntry(id:digests:exhaustedState:now:)`` in one statement: the attempt is counted
    /// and, in the same row update, the entry's digest for the row's generation is compared with
    /// the stored one; a match approves, a miss on the last attempt sets the exhausted state.
    ///
    /// PostgreSQL compares `bytea` with `memcmp`, whose time depends on the first difference, so
    /// both sides are blinded first: `sha256(digest ‖ nonce)` with a fresh random nonce per call
    /// (the double-hash comparison). What the timing could reveal is then about hashes nobody can
    /// predict, not about the stored digest.
    struct CheckEntryStatement: PostgresPreparedStatement {
        static let name = "dialtone_check_entry_v1"
        static let sql = """
            UPDATE verifications SET attempts = attempts + 1,
                state = CASE
                    WHEN coalesce(sha256(code_digest || $4) = sha256(($3::bytea[])[code_generation] || $4), false)
                        THEN 'approved'
                    WHEN attempts + 1 >= max_attempts THEN $5
                    ELSE state END,
                finished_at = CASE
                    WHEN coalesce(sha256(code_digest || $4) = sha256(($3::bytea[])[code_generation] || $4), false)
                        OR attempts + 1 >= max_attempts THEN $2
                    ELSE finished_at END
            WHERE id = $1 AND state = 'pending' AND expires_at > $2 AND attempts < max_attempts
            RETURNING state = 'approved', attempts, max_attempts
            """
        typealias Row = (Bool, Int, Int)

        var id: String
        var now: Int64
        var digests: [ByteBuffer]
        var nonce: ByteBuffer
        var exhaustedState: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 5)
            bindings.append(id)
            bindings.append(now)
            bindings.append(digests)
            bindings.append(nonce)
            bindings.append(exhaustedState)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> (Bool, Int, Int) {
            try row.decode((Bool, Int, Int).self)
        }
    }

    /// The conditional final state of ``finish(id:generation:as:now:)``.
    struct FinishStatement: PostgresPreparedStatement {
        static let name = "dialtone_finish_v1"
        static let sql = """
            UPDATE verifications SET state = $1, finished_at = $2
            WHERE id = $3 AND state = 'pending' AND code_generation = $4
            RETURNING id
            """
        typealias Row = String

        var state: String
        var now: Int64
        var id: String
        var generation: Int

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 4)
            bindings.append(state)
            bindings.append(now)
            bindings.append(id)
            bindings.append(generation)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
    }
}

/// A verification's 14 columns in ``PostgresVerificationStore/recordColumns`` order, as bindings.
struct VerificationRecordColumns: Sendable {
    var id: String
    var flow: String
    var account: String
    var phone: String
    var region: String
    var reference: String?
    var state: String
    var digest: ByteBuffer
    var generation: Int
    var attempts: Int
    var maxAttempts: Int
    var createdAt: Int64
    var expiresAt: Int64
    var finishedAt: Int64?

    func append(to bindings: inout PostgresBindings) {
        bindings.append(id)
        bindings.append(flow)
        bindings.append(account)
        bindings.append(phone)
        bindings.append(region)
        bindings.append(reference)
        bindings.append(state)
        bindings.append(digest)
        bindings.append(generation)
        bindings.append(attempts)
        bindings.append(maxAttempts)
        bindings.append(createdAt)
        bindings.append(expiresAt)
        bindings.append(finishedAt)
    }
}
