public import Verification

extension SQLiteVerificationStore: MessageJournal {
    /// Appends an entry unless its id is already there; keeps the newest 1000.
    public func append(_ entry: OutboundMessage) async throws(VerificationStoreError) {
        try await write { (db) throws(VerificationStoreError) in
            var seq: Int64?
            try db.run(
                """
                INSERT INTO sandbox_messages (id, verification_id, recipient, kind, text, sender, sent_at) \
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING seq
                """,
                .text(entry.id), .text(entry.verificationID), .text(entry.to), .text(entry.kind.rawValue),
                .text(entry.text), entry.sender.map(SQLiteValue.text) ?? .null,
                .integer(entry.createdAt.milliseconds)
            ) { row in seq = row.integer(0) }
            // Trimmed every 100 messages, so a message costs one statement; the journal then holds
            // between 1,000 and 1,099 messages, of which `entries` shows the newest.
            if let seq, seq % 100 == 0 {
                try db.run(
                    "DELETE FROM sandbox_messages WHERE seq <= ?",
                    .integer(seq - Int64(MessageJournalLimits.capacity)))
            }
        }
    }

    /// The newest `limit` entries (to `number`, if given), oldest first.
    public func entries(to number: String?, limit: Int) async throws(VerificationStoreError)
        -> [OutboundMessage]
    {
        try locked { (db) throws(VerificationStoreError) -> [OutboundMessage] in
            var messages: [OutboundMessage] = []
            try db.run(
                """
                SELECT id, verification_id, recipient, kind, text, sender, sent_at FROM (\
                SELECT * FROM sandbox_messages WHERE ?1 IS NULL OR recipient = ?1 \
                ORDER BY seq DESC LIMIT ?2) ORDER BY seq
                """, number.map(SQLiteValue.text) ?? .null, .int(max(0, limit))
            ) { row throws(VerificationStoreError) in
                guard let kind = DeliveryKind(rawValue: row.text(3) ?? "") else {
                    throw .corruptRow("sandbox_messages.kind")
                }
                messages.append(
                    OutboundMessage(
                        id: row.text(0) ?? "", verificationID: row.text(1) ?? "", to: row.text(2) ?? "",
                        kind: kind,
                        text: row.text(4) ?? "", sender: row.text(5),
                        createdAt: Timestamp(milliseconds: row.integer(6))))
            }
            return messages
        }
    }

    /// Empties every table but the schema's.
    public func resetSandbox() async throws(VerificationStoreError) {
        try locked { (db) throws(VerificationStoreError) in
            try db.transaction { () throws(VerificationStoreError) in
                try db.execute(
                    """
                    DELETE FROM sandbox_messages; DELETE FROM verification_steps; DELETE FROM verifications; \
                    DELETE FROM idempotency_keys; DELETE FROM rate_limits
                    """)
            }
        }
    }
}
