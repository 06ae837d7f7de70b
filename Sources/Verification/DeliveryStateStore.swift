/// Where the delivery side keeps what must survive a restart and be shared by several instances:
/// the outbox of event webhooks not yet taken, the dead letters, and the ids of messages a gateway
/// has accepted (so that a message is never sent twice).
///
/// Every method is one atomic operation in the store (one statement or one transaction), so
/// several workers, in one process or in several sharing a database, never take the same entry:
///
/// - ``claimWebhooks(now:limit:leaseUntil:)`` hands out only the **oldest** unfinished entry of
///   each ordering key (a verification's events stay in order), only when it is due and no live
///   lease holds it; a lease that lapsed (a worker that crashed) makes it claimable again;
/// - ``claimMessage(_:now:leaseUntil:)`` takes a message id for sending unless it was accepted, or
///   another sender holds it under a live lease.
///
/// Implementations: ``InMemoryDeliveryStateStore`` (tests, one process), `SQLiteVerificationStore`
/// and `PostgresVerificationStore`.
public protocol DeliveryStateStore: Sendable {
    /// Adds `webhook` at the end of its ordering key's queue, due at once. An event id already in
    /// the outbox is not added again.
    func enqueueWebhook(_ webhook: OutgoingWebhook) async throws(VerificationStoreError)

    /// Leases up to `limit` due outbox entries until `leaseUntil`: of each ordering key only the
    /// oldest entry, when its next try is due at `now` and no live lease holds it. Oldest first.
    func claimWebhooks(
        now: Timestamp, limit: Int, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> [ClaimedWebhook]

    /// Records a failed try of entry `sequence`: one more attempt, the next try not before
    /// `nextAttemptAt`, the failure, and the lease ended.
    func recordWebhookFailure(
        _ sequence: Int64, nextAttemptAt: Timestamp, lastError: String
    ) async throws(VerificationStoreError)

    /// Ends the lease on entry `sequence` without counting a try (its worker is stopping).
    func releaseWebhook(_ sequence: Int64) async throws(VerificationStoreError)

    /// Removes entry `sequence`: the receiver took it.
    func completeWebhook(_ sequence: Int64) async throws(VerificationStoreError)

    /// Moves entry `sequence` to the dead letters after its last try (`attempts` tries in all,
    /// the last failing with `lastError`), keeping its body only when `keepBody`.
    func deadLetterWebhook(
        _ sequence: Int64, attempts: Int, lastError: String, keepBody: Bool, at: Timestamp
    ) async throws(VerificationStoreError)

    /// Keeps a dead letter of a webhook that was not in the outbox (a message webhook, posted
    /// while its step waited).
    func recordDeadLetter(_ letter: DeadLetter) async throws(VerificationStoreError)

    /// The oldest `limit` dead letters, oldest first.
    func deadLetters(limit: Int) async throws(VerificationStoreError) -> [DeadLetter]

    /// Puts the dead letter of `eventID` back in the outbox (at the end of its ordering key's
    /// queue, due at `now`, no tries counted) and removes it from the dead letters. False when
    /// there is no such dead letter or it kept no body.
    func replayDeadLetter(eventID: String, now: Timestamp) async throws(VerificationStoreError) -> Bool

    /// The number of outbox entries not yet taken or dead-lettered.
    func pendingWebhookCount() async throws(VerificationStoreError) -> Int

    /// Takes message `id` for sending until `leaseUntil`: true when it was never seen, or was
    /// released, or its sender's lease lapsed at `now`; false when a gateway accepted it or a live
    /// lease holds it.
    func claimMessage(
        _ id: String, now: Timestamp, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> Bool

    /// Records that a gateway accepted message `id`: it is never claimed again (until purged).
    func acceptMessage(_ id: String, now: Timestamp) async throws(VerificationStoreError)

    /// Frees message `id` after a send that did not go through: a later try may send it.
    func releaseMessage(_ id: String) async throws(VerificationStoreError)

    /// Forgets message ids accepted or claimed before `before`. Returns how many were removed.
    func purgeMessages(before: Timestamp) async throws(VerificationStoreError) -> Int
}

/// A webhook to post, as the outbox keeps it.
public struct OutgoingWebhook: Sendable, Hashable {
    /// The body's `event_id`, unique.
    public var eventID: String
    /// Entries with one key are posted one after another, oldest first (a verification's id).
    public var orderingKey: String
    /// Where it is posted.
    public var url: String
    /// The JSON body, exactly as posted and signed.
    public var body: [UInt8]
    /// When it was queued.
    public var createdAt: Timestamp

    /// Creates an entry.
    public init(eventID: String, orderingKey: String, url: String, body: [UInt8], createdAt: Timestamp) {
        self.eventID = eventID
        self.orderingKey = orderingKey
        self.url = url
        self.body = body
        self.createdAt = createdAt
    }
}

/// An outbox entry leased to one worker.
public struct ClaimedWebhook: Sendable, Hashable {
    /// The entry's place in the outbox (increasing in the order entries were queued).
    public var sequence: Int64
    /// The webhook.
    public var webhook: OutgoingWebhook
    /// Tries made before this one.
    public var attempts: Int

    /// Creates a claimed entry.
    public init(sequence: Int64, webhook: OutgoingWebhook, attempts: Int) {
        self.sequence = sequence
        self.webhook = webhook
        self.attempts = attempts
    }
}

/// A webhook given up on after its last try, kept so that an operator can see and replay it.
public struct DeadLetter: Sendable, Hashable {
    /// The event's id (the body's `event_id`).
    public var eventID: String
    /// The ordering key it was queued under (a verification's id), or the event id.
    public var orderingKey: String
    /// Where it was posted.
    public var url: String
    /// The body, for replay; nil for message webhooks, whose text holds a code.
    public var body: [UInt8]?
    /// Tries made.
    public var attempts: Int
    /// The last try's failure (e.g. `http_500`, `connection_failed`).
    public var lastError: String
    /// When it was given up on.
    public var at: Timestamp

    /// Creates a record.
    public init(
        eventID: String, orderingKey: String? = nil, url: String, body: [UInt8]?, attempts: Int,
        lastError: String, at: Timestamp
    ) {
        self.eventID = eventID
        self.orderingKey = orderingKey ?? eventID
        self.url = url
        self.body = body
        self.attempts = attempts
        self.lastError = lastError
        self.at = at
    }
}
