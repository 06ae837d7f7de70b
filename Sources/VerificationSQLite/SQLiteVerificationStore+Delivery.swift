public import Verification

/// Delivery state in the tables `webhook_outbox`, `webhook_dead_letters` and `accepted_messages`.
/// Each write is one operation of a group commit (see `write(_:)`), so processes sharing the
/// file never lease one entry twice.
extension SQLiteVerificationStore: DeliveryStateStore {
    /// Queues `webhook` unless its event id is already queued.
    public func enqueueWebhook(_ webhook: OutgoingWebhook) async throws(VerificationStoreError) {
        try await write { (db) throws(VerificationStoreError) in
            try db.run(
                """
                INSERT INTO webhook_outbox (event_id, ordering_key, url, body, created_at, next_attempt_at) \
                VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (event_id) DO NOTHING
                """,
                .text(webhook.eventID), .text(webhook.orderingKey), .text(webhook.url), .blob(webhook.body),
                .integer(webhook.createdAt.milliseconds))
        }
    }

    /// Leases, with one `UPDATE … RETURNING`, the oldest due entry of each ordering key.
    public func claimWebhooks(
        now: Timestamp, limit: Int, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> [ClaimedWebhook] {
        guard limit > 0 else { return [] }
        return try await write { (db) throws(VerificationStoreError) -> [ClaimedWebhook] in
            var claimed: [ClaimedWebhook] = []
            try db.run(
                """
                UPDATE webhook_outbox SET lease_until = ?3 WHERE seq IN (\
                SELECT o.seq FROM webhook_outbox o \
                WHERE o.next_attempt_at <= ?1 AND (o.lease_until IS NULL OR o.lease_until <= ?1) \
                AND NOT EXISTS (SELECT 1 FROM webhook_outbox p WHERE p.ordering_key = o.ordering_key \
                AND p.seq < o.seq) ORDER BY o.seq LIMIT ?2) \
                RETURNING seq, event_id, ordering_key, url, body, created_at, attempts
                """, .integer(now.milliseconds), .int(limit), .integer(leaseUntil.milliseconds)
            ) { row in
                claimed.append(
                    ClaimedWebhook(
                        sequence: row.integer(0),
                        webhook: OutgoingWebhook(
                            eventID: row.text(1) ?? "", orderingKey: row.text(2) ?? "",
                            url: row.text(3) ?? "",
                            body: row.blob(4) ?? [], createdAt: Timestamp(milliseconds: row.integer(5))),
                        attempts: row.int(6)))
            }
            return claimed.sorted { $0.sequence < $1.sequence }
        }
    }

    /// Counts a failed try and ends the lease.
    public func recordWebhookFailure(
        _ sequence: Int64, nextAttemptAt: Timestamp, lastError: String
    ) async throws(VerificationStoreError) {
        try await write { (db) throws(VerificationStoreError) in
            try db.run(
                """
                UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3, \
                lease_until = NULL WHERE seq = ?1
                """, .integer(sequence), .integer(nextAttemptAt.milliseconds), .text(lastError))
        }
    }

    /// Ends the lease without counting a try.
    public func releaseWebhook(_ sequence: Int64) async throws(VerificationStoreError) {
        try await write { (db) throws(VerificationStoreError) in
            try db.run("UPDATE webhook_outbox SET lease_until = NULL WHERE seq = ?", .integer(sequence))
        }
    }

    /// Removes a taken entry.
    public func completeWebhook(_ sequence: Int64) async throws(VerificationStoreError) {
        try await write { (db) throws(VerificationStoreError) in
            try db.run("DELETE FROM webhook_outbox WHERE seq = ?", .integer(sequence))
        }
    }

    /// Moves an entry to `webhook_dead_letters`, in one transaction.
    public func deadLetterWebhook(
        _ sequence: Int64, attempts: Int, lastError: String, keepBody: Bool, at: Timestamp
    ) async throws(VerificationStoreError) {
        try await write { (db) throws(VerificationStoreError) in
            try db.transaction { () throws(VerificationStoreError) in
                try db.run(
                    """
                    INSERT INTO webhook_dead_letters (event_id, ordering_key, url, body, attempts, last_error, \
                    dead_at) SELECT event_id, ordering_key, url, CASE WHEN ?2 THEN body ELSE NULL END, ?3, ?4, ?5 \
                    FROM webhook_outbox WHERE seq = ?1
                    """, .integer(sequence), .int(keepBody ? 1 : 0), .int(attempts), .text(lastError),
                    .integer(at.milliseconds))
                try db.run("DELETE FROM webhook_outbox WHERE seq = ?", .integer(sequence))
            }
        }
    }

    /// Keeps a dead letter.
    public func recordDeadLetter(_ letter: DeadLetter) async throws(VerificationStoreError) {
        try await write { (db) throws(VerificationStoreError) in
            try db.run(
                """
                INSERT INTO webhook_dead_letters (event_id, ordering_key, url, body, attempts, last_error, dead_at) \
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                .text(letter.eventID), .text(letter.orderingKey), .text(letter.url),
                letter.body.map(SQLiteValue.blob) ?? .null, .int(letter.attempts), .text(letter.lastError),
                .integer(letter.at.milliseconds))
        }
    }

    /// The oldest `limit` dead letters.
    public func deadLetters(limit: Int) async throws(VerificationStoreError) -> [DeadLetter] {
        try locked { (db) throws(VerificationStoreError) -> [DeadLetter] in
            var letters: [DeadLetter] = []
            try db.run(
                """
                SELECT event_id, ordering_key, url, body, attempts, last_error, dead_at FROM webhook_dead_letters \
                ORDER BY seq LIMIT ?
                """, .int(max(0, limit))
            ) { row in
                letters.append(
                    DeadLetter(
                        eventID: row.text(0) ?? "", orderingKey: row.text(1), url: row.text(2) ?? "",
                        body: row.blob(3), attempts: row.int(4), lastError: row.text(5) ?? "",
                        at: Timestamp(milliseconds: row.integer(6))))
            }
            return letters
        }
    }

    /// Puts a dead letter back in the outbox, in one transaction.
    public func replayDeadLetter(eventID: String, now: Timestamp) async throws(VerificationStoreError) -> Bool
    {
        try await write { (db) throws(VerificationStoreError) -> Bool in
            try db.transaction { () throws(VerificationStoreError) -> Bool in
                var found: Int64?
                try db.run(
                    """
                    SELECT seq FROM webhook_dead_letters WHERE event_id = ? AND body IS NOT NULL ORDER BY seq \
                    LIMIT 1
                    """, .text(eventID)
                ) { row in found = row.integer(0) }
                guard let found else { return false }
                try db.run(
                    """
                    INSERT INTO webhook_outbox (event_id, ordering_key, url, body, created_at, next_attempt_at) \
                    SELECT event_id, ordering_key, url, body, ?2, ?2 FROM webhook_dead_letters WHERE seq = ?1 \
                    ON CONFLICT (event_id) DO NOTHING
                    """, .integer(found), .integer(now.milliseconds))
                try db.run("DELETE FROM webhook_dead_letters WHERE seq = ?", .integer(found))
                return true
            }
        }
    }

    /// The entries not yet taken.
    public func pendingWebhookCount() async throws(VerificationStoreError) -> Int {
        try locked { (db) throws(VerificationStoreError) -> Int in
            var count = 0
            try db.run("SELECT COUNT(*) FROM webhook_outbox") { row in count = row.int(0) }
            return count
        }
    }

    /// Takes a message id for sending, with one upsert.
    public func claimMessage(
        _ id: String, now: Timestamp, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        try await write { (db) throws(VerificationStoreError) -> Bool in
            try db.count(
                """
                INSERT INTO accepted_messages (id, accepted, lease_until, at) VALUES (?1, 0, ?3, ?2) \
                ON CONFLICT (id) DO UPDATE SET lease_until = excluded.lease_until, at = excluded.at \
                WHERE accepted_messages.accepted = 0 AND accepted_messages.lease_until <= ?2 RETURNING id
                """, .text(id), .integer(now.milliseconds), .integer(leaseUntil.milliseconds)) > 0
        }
    }

    /// Records an accepted message.
    public func acceptMessage(_ id: String, now: Timestamp) async throws(VerificationStoreError) {
        try await write { (db) throws(VerificationStoreError) in
            try db.run(
                """
                INSERT INTO accepted_messages (id, accepted, lease_until, at) VALUES (?1, 1, ?2, ?2) \
                ON CONFLICT (id) DO UPDATE SET accepted = 1, lease_until = excluded.lease_until, at = excluded.at
                """, .text(id), .integer(now.milliseconds))
        }
    }

    /// Frees a message id that was not accepted.
    public func releaseMessage(_ id: String) async throws(VerificationStoreError) {
        try await write { (db) throws(VerificationStoreError) in
            try db.run("DELETE FROM accepted_messages WHERE id = ? AND accepted = 0", .text(id))
        }
    }

    /// Forgets ids older than `before`.
    public func purgeMessages(before: Timestamp) async throws(VerificationStoreError) -> Int {
        try await write { (db) throws(VerificationStoreError) -> Int in
            try db.count(
                "DELETE FROM accepted_messages WHERE at < ? RETURNING 1", .integer(before.milliseconds))
        }
    }
}
