/// The SQLite schema, as numbered migrations: version N is `migrations[N - 1]`. A migration is
/// never edited once released; a change is a new one.
public enum SQLiteSchema {
    /// Every migration's statements, in order.
    public static let migrations: [[String]] = [
        [
            """
            CREATE TABLE verifications (
                id TEXT PRIMARY KEY, flow TEXT NOT NULL, account TEXT NOT NULL, phone TEXT NOT NULL,
                region TEXT NOT NULL, reference TEXT, state TEXT NOT NULL, code_digest BLOB NOT NULL,
                code_generation INTEGER NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL,
                created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, finished_at INTEGER)
            """,
            "CREATE INDEX verifications_finished ON verifications (finished_at) WHERE finished_at IS NOT NULL",
            """
            CREATE TABLE verification_steps (
                id INTEGER PRIMARY KEY AUTOINCREMENT, verification_id TEXT NOT NULL, kind TEXT NOT NULL,
                due_at INTEGER NOT NULL, sealed_code BLOB, lease_until INTEGER, done INTEGER NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX verification_steps_due ON verification_steps (due_at) WHERE done = 0",
            """
            CREATE TABLE idempotency_keys (
                key TEXT PRIMARY KEY, verification_id TEXT NOT NULL, expires_at INTEGER NOT NULL)
            """,
            "CREATE TABLE rate_limits (key TEXT PRIMARY KEY, tat INTEGER NOT NULL)",
        ],
        [
            """
            CREATE TABLE sandbox_messages (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, verification_id TEXT NOT NULL,
                recipient TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, sender TEXT,
                sent_at INTEGER NOT NULL)
            """,
            "CREATE INDEX sandbox_messages_recipient ON sandbox_messages (recipient, seq)",
        ],
        // Tables keyed by text become clustered on their key (WITHOUT ROWID): a row is one B-tree
        // entry instead of a row plus an index entry, so a start, a check and a rate-limit take
        // write half the pages they did.
        [
            """
            CREATE TABLE verifications_v3 (
                id TEXT PRIMARY KEY, flow TEXT NOT NULL, account TEXT NOT NULL, phone TEXT NOT NULL,
                region TEXT NOT NULL, reference TEXT, state TEXT NOT NULL, code_digest BLOB NOT NULL,
                code_generation INTEGER NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL,
                created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, finished_at INTEGER) WITHOUT ROWID
            """,
            """
            INSERT INTO verifications_v3 SELECT id, flow, account, phone, region, reference, state, code_digest,
                code_generation, attempts, max_attempts, created_at, expires_at, finished_at FROM verifications
            """,
            "DROP TABLE verifications",
            "ALTER TABLE verifications_v3 RENAME TO verifications",
            "CREATE INDEX verifications_finished ON verifications (finished_at) WHERE finished_at IS NOT NULL",
            """
            CREATE TABLE idempotency_keys_v3 (
                key TEXT PRIMARY KEY, verification_id TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID
            """,
            "INSERT INTO idempotency_keys_v3 SELECT key, verification_id, expires_at FROM idempotency_keys",
            "DROP TABLE idempotency_keys",
            "ALTER TABLE idempotency_keys_v3 RENAME TO idempotency_keys",
            "CREATE TABLE rate_limits_v3 (key TEXT PRIMARY KEY, tat INTEGER NOT NULL) WITHOUT ROWID",
            "INSERT INTO rate_limits_v3 SELECT key, tat FROM rate_limits",
            "DROP TABLE rate_limits",
            "ALTER TABLE rate_limits_v3 RENAME TO rate_limits",
        ],
        // Delivery state (`DeliveryStateStore`): the outbox of event webhooks, their dead letters,
        // and the ids of messages a gateway accepted.
        [
            """
            CREATE TABLE webhook_outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, ordering_key TEXT NOT NULL,
                url TEXT NOT NULL, body BLOB NOT NULL, created_at INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL, lease_until INTEGER,
                last_error TEXT)
            """,
            "CREATE INDEX webhook_outbox_key ON webhook_outbox (ordering_key, seq)",
            """
            CREATE TABLE webhook_dead_letters (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, ordering_key TEXT NOT NULL,
                url TEXT NOT NULL, body BLOB, attempts INTEGER NOT NULL, last_error TEXT NOT NULL,
                dead_at INTEGER NOT NULL)
            """,
            "CREATE INDEX webhook_dead_letters_event ON webhook_dead_letters (event_id)",
            """
            CREATE TABLE accepted_messages (
                id TEXT PRIMARY KEY, accepted INTEGER NOT NULL, lease_until INTEGER NOT NULL, at INTEGER NOT NULL
            ) WITHOUT ROWID
            """,
            "CREATE INDEX accepted_messages_at ON accepted_messages (at)",
        ],
    ]
}
