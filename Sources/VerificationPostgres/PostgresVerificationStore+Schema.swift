import PostgresNIO
public import Verification

extension PostgresVerificationStore {
    /// One step of the schema: its version and the statements that take the schema there from the
    /// version before.
    struct Migration: Sendable {
        var version: Int
        var statements: [PostgresQuery]
    }

    /// The newest schema version this code knows.
    public static var schemaVersion: Int { migrations.last?.version ?? 0 }

    /// The key of the transaction-scoped advisory lock that serializes migrations across instances
    /// (`'dialtone'` as ASCII, an arbitrary constant the application must not reuse).
    static let migrationLockKey: Int64 = 0x6469_616C_746F_6E65

    /// Every migration, in order. Applied migrations are never edited: a change is a new one.
    static let migrations: [Migration] = [
        Migration(
            version: 1,
            statements: [
                """
                CREATE TABLE verifications (
                    id text PRIMARY KEY,
                    flow text NOT NULL,
                    account text NOT NULL,
                    phone text NOT NULL,
                    region text NOT NULL,
                    reference text,
                    state text NOT NULL,
                    code_digest bytea NOT NULL,
                    code_generation integer NOT NULL,
                    attempts integer NOT NULL,
                    max_attempts integer NOT NULL,
                    created_at bigint NOT NULL,
                    expires_at bigint NOT NULL,
                    finished_at bigint
                )
                """,
                """
                CREATE INDEX verifications_finished_at ON verifications (finished_at)
                    WHERE finished_at IS NOT NULL
                """,
                """
                CREATE TABLE verification_steps (
                    id bigserial PRIMARY KEY,
                    verification_id text NOT NULL REFERENCES verifications (id) ON DELETE CASCADE,
                    kind text NOT NULL,
                    due_at bigint NOT NULL,
                    sealed_code bytea,
                    lease_until bigint,
                    done boolean NOT NULL DEFAULT false
                )
                """,
                "CREATE INDEX verification_steps_due ON verification_steps (due_at, id) WHERE NOT done",
                "CREATE INDEX verification_steps_verification ON verification_steps (verification_id)",
                """
                CREATE TABLE idempotency_keys (
                    key text PRIMARY KEY,
                    verification_id text NOT NULL,
                    expires_at bigint NOT NULL
                )
                """,
                "CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at)",
                "CREATE TABLE rate_limits (key text PRIMARY KEY, tat bigint NOT NULL)",
                "CREATE INDEX rate_limits_tat ON rate_limits (tat)",
            ]
        ),
        Migration(
            version: 2,
            statements: [
                """
                CREATE TABLE sandbox_messages (
                    seq bigserial PRIMARY KEY,
                    id text NOT NULL UNIQUE,
                    verification_id text NOT NULL,
                    recipient text NOT NULL,
                    kind text NOT NULL,
                    text text NOT NULL,
                    sender text,
                    sent_at bigint NOT NULL
                )
                """,
                "CREATE INDEX sandbox_messages_recipient ON sandbox_messages (recipient, seq)",
            ]
        ),
        // Delivery state (`DeliveryStateStore`): the outbox of event webhooks, their dead letters,
        // and the ids of messages a gateway accepted.
        Migration(
            version: 3,
            statements: [
                """
                CREATE TABLE webhook_outbox (
                    seq bigserial PRIMARY KEY,
                    event_id text NOT NULL UNIQUE,
                    ordering_key text NOT NULL,
                    url text NOT NULL,
                    body bytea NOT NULL,
                    created_at bigint NOT NULL,
                    attempts integer NOT NULL DEFAULT 0,
                    next_attempt_at bigint NOT NULL,
                    lease_until bigint,
                    last_error text
                )
                """,
                "CREATE INDEX webhook_outbox_key ON webhook_outbox (ordering_key, seq)",
                """
                CREATE TABLE webhook_dead_letters (
                    seq bigserial PRIMARY KEY,
                    event_id text NOT NULL,
                    ordering_key text NOT NULL,
                    url text NOT NULL,
                    body bytea,
                    attempts integer NOT NULL,
                    last_error text NOT NULL,
                    dead_at bigint NOT NULL
                )
                """,
                "CREATE INDEX webhook_dead_letters_event ON webhook_dead_letters (event_id)",
                """
                CREATE TABLE accepted_messages (
                    id text PRIMARY KEY,
                    accepted boolean NOT NULL,
                    lease_until bigint NOT NULL,
                    at bigint NOT NULL
                )
                """,
                "CREATE INDEX accepted_messages_at ON accepted_messages (at)",
            ]
        ),
        // A start in one round trip (`insert(_:steps:takingFrom:now:)`): the limits' GCRA upserts
        // in order and, unless an enforced one refuses, the verification with its steps. Per
        // limit the answer holds -1 when the unit was taken, else the key's TAT.
        Migration(
            version: 4,
            statements: [
                """
                CREATE FUNCTION dialtone_start_v1(
                    limit_keys text[], limit_intervals bigint[], limit_windows bigint[],
                    limit_enforced boolean[], now_ms bigint,
                    v_id text, v_flow text, v_account text, v_phone text, v_region text, v_reference text,
                    v_state text, v_digest bytea, v_generation integer, v_attempts integer,
                    v_max_attempts integer, v_created_at bigint, v_expires_at bigint, v_finished_at bigint,
                    step_kinds text[], step_dues bigint[], step_sealed bytea[]
                ) RETURNS TABLE (limit_tats bigint[], stored boolean)
                LANGUAGE plpgsql AS $$
                DECLARE
                    tats bigint[] := '{}';
                    current_tat bigint;
                BEGIN
                    FOR i IN 1 .. coalesce(array_length(limit_keys, 1), 0) LOOP
                        INSERT INTO rate_limits AS r (key, tat) VALUES (limit_keys[i], now_ms + limit_intervals[i])
                        ON CONFLICT (key) DO UPDATE SET tat = GREATEST(r.tat, now_ms) + limit_intervals[i]
                            WHERE GREATEST(r.tat, now_ms) + limit_intervals[i] - now_ms <= limit_windows[i]
                        RETURNING r.tat INTO current_tat;
                        IF FOUND THEN
                            tats := tats || (-1)::bigint;
                        ELSE
                            SELECT r.tat INTO current_tat FROM rate_limits r WHERE r.key = limit_keys[i];
                            tats := tats || coalesce(current_tat, now_ms);
                            IF limit_enforced[i] THEN
                                RETURN QUERY SELECT tats, false;
                                RETURN;
                            END IF;
                        END IF;
                    END LOOP;
                    INSERT INTO verifications (
                        id, flow, account, phone, region, reference, state, code_digest, code_generation,
                        attempts, max_attempts, created_at, expires_at, finished_at)
                    VALUES (
                        v_id, v_flow, v_account, v_phone, v_region, v_reference, v_state, v_digest,
                        v_generation, v_attempts, v_max_attempts, v_created_at, v_expires_at, v_finished_at);
                    INSERT INTO verification_steps (verification_id, kind, due_at, sealed_code)
                    SELECT v_id, s.kind, s.due_at, NULLIF(s.sealed_code, ''::bytea)
                    FROM unnest(step_kinds, step_dues, step_sealed) AS s(kind, due_at, sealed_code);
                    RETURN QUERY SELECT tats, true;
                END
                $$
                """
            ]
        ),
    ]

    /// Creates or upgrades the schema, in one transaction that holds an advisory lock, so that
    /// instances starting together apply each migration once. A no-op when up to date; throws
    /// `Verification.VerificationStoreError.schemaTooNew(found:known:)` when the database was
    /// migrated by a newer version.
    public func migrate() async throws(VerificationStoreError) {
        let logger = logger
        let lockKey = Self.migrationLockKey
        let known = Self.schemaVersion
        try await perform("migrate") {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS dialtone_schema_migrations (
                        version integer PRIMARY KEY,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """, logger: logger)
                let rows = try await connection.query(
                    "SELECT coalesce(max(version), 0) FROM dialtone_schema_migrations", logger: logger)
                var found = 0
                for try await version in rows.decode(Int.self) { found = version }
                if found > known { throw VerificationStoreError.schemaTooNew(found: found, known: known) }
                for migration in Self.migrations where migration.version > found {
                    for statement in migration.statements {
                        try await connection.query(statement, logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO dialtone_schema_migrations (version) VALUES (\(migration.version))",
                        logger: logger)
                }
            }
        }
    }

    /// The schema version the database is at (0 before the first migration).
    public func appliedSchemaVersion() async throws(VerificationStoreError) -> Int {
        try await perform("schema version") {
            let exists = try await client.query(
                "SELECT to_regclass('dialtone_schema_migrations') IS NOT NULL", logger: logger)
            var tableExists = false
            for try await flag in exists.decode(Bool.self) { tableExists = flag }
            guard tableExists else { return 0 }
            let rows = try await client.query(
                "SELECT coalesce(max(version), 0) FROM dialtone_schema_migrations", logger: logger)
            var found = 0
            for try await version in rows.decode(Int.self) { found = version }
            return found
        }
    }
}
