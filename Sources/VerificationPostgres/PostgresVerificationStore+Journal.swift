import PostgresNIO
public import Verification

extension PostgresVerificationStore: MessageJournal {
    /// Appends an entry unless its id is already there, and drops the oldest beyond
    /// `Verification.MessageJournalLimits.capacity`, in one statement. Rows another append is
    /// already dropping are skipped (`FOR UPDATE SKIP LOCKED`), so concurrent appends never wait
    /// for each other; a row skipped is dropped by a later append.
    public func append(_ entry: OutboundMessage) async throws(VerificationStoreError) {
        let logger = logger
        let capacity = MessageJournalLimits.capacity
        try await perform("journal append") {
            try await client.query(
                """
                WITH inserted AS (
                    INSERT INTO sandbox_messages (id, verification_id, recipient, kind, text, sender, sent_at)
                    VALUES (\(entry.id), \(entry.verificationID), \(entry.to), \(entry.kind.rawValue), \(entry.text),
                        \(entry.sender), \(entry.createdAt.milliseconds))
                    ON CONFLICT (id) DO NOTHING
                    RETURNING seq)
                DELETE FROM sandbox_messages WHERE seq IN (
                    SELECT seq FROM sandbox_messages
                    WHERE seq <= coalesce((SELECT seq FROM inserted), (SELECT max(seq) FROM sandbox_messages))
                        - \(capacity)
                    FOR UPDATE SKIP LOCKED)
                """, logger: logger)
        }
    }

    /// The newest `limit` entries (to `number`, if given), oldest first.
    public func entries(to number: String?, limit: Int) async throws(VerificationStoreError)
        -> [OutboundMessage]
    {
        try await perform("journal entries") {
            let rows = try await client.query(
                """
                SELECT * FROM (
                    SELECT * FROM sandbox_messages
                    WHERE \(number)::text IS NULL OR recipient = \(number)
                    ORDER BY seq DESC LIMIT \(max(0, limit))) newest
                ORDER BY seq
                """, logger: logger
            ).collect()
            return try rows.map { row in
                let cells = row.makeRandomAccess()
                let kindText = try cells["kind"].decode(String.self)
                guard let kind = DeliveryKind(rawValue: kindText) else {
                    throw VerificationStoreError.corruptRow(
                        "sandbox_messages.kind: unknown value '\(kindText)'")
                }
                return OutboundMessage(
                    id: try cells["id"].decode(String.self),
                    verificationID: try cells["verification_id"].decode(String.self),
                    to: try cells["recipient"].decode(String.self), kind: kind,
                    text: try cells["text"].decode(String.self),
                    sender: try cells["sender"].decode(String?.self),
                    createdAt: Timestamp(milliseconds: try cells["sent_at"].decode(Int64.self)))
            }
        }
    }

    /// Empties the journal and every verification, step, idempotency key and rate limit (step ids
    /// start again from 1), in one statement.
    public func resetSandbox() async throws(VerificationStoreError) {
        try await perform("reset sandbox") {
            _ = try await client.query(
                """
                TRUNCATE sandbox_messages, verification_steps, verifications, idempotency_keys, rate_limits
                RESTART IDENTITY
                """, logger: logger)
        }
    }
}
