import PostgresNIO
public import Verification

/// Delivery state in the tables `webhook_outbox`, `webhook_dead_letters` and `accepted_messages`.
/// Each method is one statement or one transaction; the outbox is leased with
/// `FOR UPDATE SKIP LOCKED`, so instances sharing the database never post one entry at once.
extension PostgresVerificationStore: DeliveryStateStore {
    /// Queues `webhook` unless its event id is already queued.
    public func enqueueWebhook(_ webhook: OutgoingWebhook) async throws(VerificationStoreError) {
        try await perform("enqueue webhook") {
            _ = try await client.query(
                """
                INSERT INTO webhook_outbox (event_id, ordering_key, url, body, created_at, next_attempt_at)
                VALUES (\(webhook.eventID), \(webhook.orderingKey), \(webhook.url), \(ByteBuffer(bytes: webhook.body)),
                    \(webhook.createdAt.milliseconds), \(webhook.createdAt.milliseconds))
                ON CONFLICT (event_id) DO NOTHING
                """, logger: logger)
        }
    }

    /// Leases, with one `UPDATE … WHERE seq IN (SELECT … FOR UPDATE SKIP LOCKED)`, the oldest due
    /// entry of each ordering key: concurrent callers skip each other's rows, and a row leased
    /// meanwhile no longer matches.
    public func claimWebhooks(
        now: Timestamp, limit: Int, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> [ClaimedWebhook] {
        guard limit > 0 else { return [] }
        return try await perform("claim webhooks") {
            let rows = try await client.query(
                """
                UPDATE webhook_outbox SET lease_until = \(leaseUntil.milliseconds)
                WHERE seq IN (
                    SELECT o.seq FROM webhook_outbox o
                    WHERE o.next_attempt_at <= \(now.milliseconds)
                        AND (o.lease_until IS NULL OR o.lease_until <= \(now.milliseconds))
                        AND NOT EXISTS (
                            SELECT 1 FROM webhook_outbox p WHERE p.ordering_key = o.ordering_key AND p.seq < o.seq)
                    ORDER BY o.seq
                    LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING seq, event_id, ordering_key, url, body, created_at, attempts
                """, logger: logger
            ).collect()
            var claimed: [ClaimedWebhook] = []
            claimed.reserveCapacity(rows.count)
            for row in rows {
                let cells = row.makeRandomAccess()
                claimed.append(
                    ClaimedWebhook(
                        sequence: try cells["seq"].decode(Int64.self),
                        webhook: OutgoingWebhook(
                            eventID: try cells["event_id"].decode(String.self),
                            orderingKey: try cells["ordering_key"].decode(String.self),
                            url: try cells["url"].decode(String.self),
                            body: Array(try cells["body"].decode(ByteBuffer.self).readableBytesView),
                            createdAt: Timestamp(milliseconds: try cells["created_at"].decode(Int64.self))),
                        attempts: try cells["attempts"].decode(Int.self)))
            }
            return claimed.sorted { $0.sequence < $1.sequence }
        }
    }

    /// Counts a failed try and ends the lease.
    public func recordWebhookFailure(
        _ sequence: Int64, nextAttemptAt: Timestamp, lastError: String
    ) async throws(VerificationStoreError) {
        try await perform("record webhook failure") {
            _ = try await client.query(
                """
                UPDATE webhook_outbox
                SET attempts = attempts + 1, next_attempt_at = \(nextAttemptAt.milliseconds),
                    last_error = \(lastError), lease_until = NULL
                WHERE seq = \(sequence)
                """, logger: logger)
        }
    }

    /// Ends the lease without counting a try.
    public func releaseWebhook(_ sequence: Int64) async throws(VerificationStoreError) {
        try await perform("release webhook") {
            _ = try await client.query(
                "UPDATE webhook_outbox SET lease_until = NULL WHERE seq = \(sequence)", logger: logger)
        }
    }

    /// Removes a taken entry.
    public func completeWebhook(_ sequence: Int64) async throws(VerificationStoreError) {
        try await perform("complete webhook") {
            _ = try await client.query("DELETE FROM webhook_outbox WHERE seq = \(sequence)", logger: logger)
        }
    }

    /// Moves an entry to `webhook_dead_letters`, in one statement (a data-modifying CTE).
    public func deadLetterWebhook(
        _ sequence: Int64, attempts: Int, lastError: String, keepBody: Bool, at: Timestamp
    ) async throws(VerificationStoreError) {
        try await perform("dead-letter webhook") {
            _ = try await client.query(
                """
                WITH moved AS (DELETE FROM webhook_outbox WHERE seq = \(sequence)
                    RETURNING event_id, ordering_key, url, body)
                INSERT INTO webhook_dead_letters (event_id, ordering_key, url, body, attempts, last_error, dead_at)
                SELECT event_id, ordering_key, url, CASE WHEN \(keepBody) THEN body END, \(attempts), \(lastError),
                    \(at.milliseconds)
                FROM moved
                """, logger: logger)
        }
    }

    /// Keeps a dead letter.
    public func recordDeadLetter(_ letter: DeadLetter) async throws(VerificationStoreError) {
        try await perform("record dead letter") {
            _ = try await client.query(
                """
                INSERT INTO webhook_dead_letters (event_id, ordering_key, url, body, attempts, last_error, dead_at)
                VALUES (\(letter.eventID), \(letter.orderingKey), \(letter.url),
                    \(letter.body.map { ByteBuffer(bytes: $0) }), \(letter.attempts), \(letter.lastError),
                    \(letter.at.milliseconds))
                """, logger: logger)
        }
    }

    /// The oldest `limit` dead letters.
    public func deadLetters(limit: Int) async throws(VerificationStoreError) -> [DeadLetter] {
        try await perform("dead letters") {
            let rows = try await client.query(
                """
                SELECT event_id, ordering_key, url, body, attempts, last_error, dead_at FROM webhook_dead_letters
                ORDER BY seq LIMIT \(max(0, limit))
                """, logger: logger
            ).collect()
            return try rows.map { row in
                let cells = row.makeRandomAccess()
                return DeadLetter(
                    eventID: try cells["event_id"].decode(String.self),
                    orderingKey: try cells["ordering_key"].decode(String.self),
                    url: try cells["url"].decode(String.self),
                    body: try cells["body"].decode(ByteBuffer?.self).map { Array($0.readableBytesView) },
                    attempts: try cells["attempts"].decode(Int.self),
                    lastError: try cells["last_error"].decode(String.self),
                    at: Timestamp(milliseconds: try cells["dead_at"].decode(Int64.self)))
            }
        }
    }

    /// Puts a dead letter back in the outbox, in one statement.
    public func replayDeadLetter(eventID: String, now: Timestamp) async throws(VerificationStoreError) -> Bool
    {
        try await perform("replay dead letter") {
            let rows = try await client.query(
                """
                WITH letter AS (
                    DELETE FROM webhook_dead_letters WHERE seq = (
                        SELECT seq FROM webhook_dead_letters WHERE event_id = \(eventID) AND body IS NOT NULL
                        ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
                    RETURNING event_id, ordering_key, url, body),
                queued AS (
                    INSERT INTO webhook_outbox (event_id, ordering_key, url, body, created_at, next_attempt_at)
                    SELECT event_id, ordering_key, url, body, \(now.milliseconds), \(now.milliseconds) FROM letter
                    ON CONFLICT (event_id) DO NOTHING)
                SELECT 1 FROM letter
                """, logger: logger
            ).collect()
            return !rows.isEmpty
        }
    }

    /// The entries not yet taken.
    public func pendingWebhookCount() async throws(VerificationStoreError) -> Int {
        try await perform("pending webhooks") {
            let rows = try await client.query("SELECT count(*) FROM webhook_outbox", logger: logger).collect()
            return try rows.first?.decode(Int.self) ?? 0
        }
    }

    /// Takes a message id for sending, with one upsert.
    public func claimMessage(
        _ id: String, now: Timestamp, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        try await perform("claim message") {
            let rows = try await client.query(
                """
                INSERT INTO accepted_messages AS m (id, accepted, lease_until, at)
                VALUES (\(id), false, \(leaseUntil.milliseconds), \(now.milliseconds))
                ON CONFLICT (id) DO UPDATE SET lease_until = EXCLUDED.lease_until, at = EXCLUDED.at
                    WHERE NOT m.accepted AND m.lease_until <= \(now.milliseconds)
                RETURNING m.id
                """, logger: logger
            ).collect()
            return !rows.isEmpty
        }
    }

    /// Records an accepted message.
    public func acceptMessage(_ id: String, now: Timestamp) async throws(VerificationStoreError) {
        try await perform("accept message") {
            _ = try await client.query(
                """
                INSERT INTO accepted_messages (id, accepted, lease_until, at)
                VALUES (\(id), true, \(now.milliseconds), \(now.milliseconds))
                ON CONFLICT (id) DO UPDATE SET accepted = true, lease_until = EXCLUDED.lease_until, at = EXCLUDED.at
                """, logger: logger)
        }
    }

    /// Frees a message id that was not accepted.
    public func releaseMessage(_ id: String) async throws(VerificationStoreError) {
        try await perform("release message") {
            _ = try await client.query(
                "DELETE FROM accepted_messages WHERE id = \(id) AND NOT accepted", logger: logger)
        }
    }

    /// Forgets ids older than `before`.
    public func purgeMessages(before: Timestamp) async throws(VerificationStoreError) -> Int {
        try await perform("purge messages") {
            try await client.query(
                "DELETE FROM accepted_messages WHERE at < \(before.milliseconds) RETURNING 1", logger: logger
            ).collect().count
        }
    }
}
