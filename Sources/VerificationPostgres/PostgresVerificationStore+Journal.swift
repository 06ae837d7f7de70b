import PostgresNIO
public import Verification

extension PostgresVerificationStore: MessageJournal {
    /// Appends an entry unless its id is already there, in one statement; every hundredth
    /// message (by its `seq`) the same statement drops those more than
    /// `Verification.MessageJournalLimits.capacity` behind it, as the SQLite store does. The
    /// journal then holds 1,000 to 1,099 messages (of which `entries` shows the newest asked
    /// for), and an append neither scans the dead rows of earlier trims nor waits for another
    /// append's row locks.
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
                DELETE FROM sandbox_messages
                WHERE seq <= (SELECT seq FROM inserted WHERE seq % 100 = 0) - \(capacity)
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
