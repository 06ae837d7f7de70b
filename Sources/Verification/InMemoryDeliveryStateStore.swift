/// Delivery state in this process's memory, for tests and for a server whose store is memory.
/// Every operation runs under one lock, so each is atomic as ``DeliveryStateStore`` requires; it
/// is the reference the SQLite and PostgreSQL stores are tested against.
public final class InMemoryDeliveryStateStore: DeliveryStateStore {
    struct Entry {
        var webhook: OutgoingWebhook
        var attempts: Int
        var nextAttemptAt: Timestamp
        var leaseUntil: Timestamp?
        var lastError: String?
    }

    struct Message {
        var accepted: Bool
        var leaseUntil: Timestamp
        var at: Timestamp
    }

    struct State {
        /// Outbox entries by sequence.
        var outbox: [Int64: Entry] = [:]
        var nextSequence: Int64 = 1
        var deadLetters: [(sequence: Int64, letter: DeadLetter)] = []
        var nextDeadLetter: Int64 = 1
        var messages: [String: Message] = [:]
    }

    private let state = Locked(State())

    /// Creates an empty store.
    public init() {}

    /// Queues `webhook` (see ``DeliveryStateStore/enqueueWebhook(_:)``).
    public func enqueueWebhook(_ webhook: OutgoingWebhook) async throws(VerificationStoreError) {
        state.withLock { state in
            guard !state.outbox.values.contains(where: { $0.webhook.eventID == webhook.eventID }) else {
                return
            }
            state.outbox[state.nextSequence] = Entry(
                webhook: webhook, attempts: 0, nextAttemptAt: webhook.createdAt, leaseUntil: nil)
            state.nextSequence += 1
        }
    }

    /// Leases the oldest due entry of each ordering key.
    public func claimWebhooks(
        now: Timestamp, limit: Int, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> [ClaimedWebhook] {
        guard limit > 0 else { return [] }
        return state.withLock { state in
            var seen: Set<String> = []
            var claimed: [ClaimedWebhook] = []
            for sequence in state.outbox.keys.sorted() {
                guard claimed.count < limit, var entry = state.outbox[sequence] else { break }
                guard seen.insert(entry.webhook.orderingKey).inserted else { continue }
                guard entry.nextAttemptAt <= now, (entry.leaseUntil.map { $0 <= now } ?? true) else {
                    continue
                }
                entry.leaseUntil = leaseUntil
                state.outbox[sequence] = entry
                claimed.append(
                    ClaimedWebhook(sequence: sequence, webhook: entry.webhook, attempts: entry.attempts))
            }
            return claimed
        }
    }

    /// Counts a failed try and ends the lease.
    public func recordWebhookFailure(
        _ sequence: Int64, nextAttemptAt: Timestamp, lastError: String
    ) async throws(VerificationStoreError) {
        state.withLock { state in
            guard var entry = state.outbox[sequence] else { return }
            entry.attempts += 1
            entry.nextAttemptAt = nextAttemptAt
            entry.lastError = lastError
            entry.leaseUntil = nil
            state.outbox[sequence] = entry
        }
    }

    /// Ends the lease without counting a try.
    public func releaseWebhook(_ sequence: Int64) async throws(VerificationStoreError) {
        state.withLock { $0.outbox[sequence]?.leaseUntil = nil }
    }

    /// Removes a taken entry.
    public func completeWebhook(_ sequence: Int64) async throws(VerificationStoreError) {
        state.withLock { _ = $0.outbox.removeValue(forKey: sequence) }
    }

    /// Moves an entry to the dead letters.
    public func deadLetterWebhook(
        _ sequence: Int64, attempts: Int, lastError: String, keepBody: Bool, at: Timestamp
    ) async throws(VerificationStoreError) {
        state.withLock { state in
            guard let entry = state.outbox.removeValue(forKey: sequence) else { return }
            let webhook = entry.webhook
            state.deadLetters.append(
                (
                    state.nextDeadLetter,
                    DeadLetter(
                        eventID: webhook.eventID, orderingKey: webhook.orderingKey, url: webhook.url,
                        body: keepBody ? webhook.body : nil, attempts: attempts, lastError: lastError, at: at)
                ))
            state.nextDeadLetter += 1
        }
    }

    /// Keeps a dead letter.
    public func recordDeadLetter(_ letter: DeadLetter) async throws(VerificationStoreError) {
        state.withLock { state in
            state.deadLetters.append((state.nextDeadLetter, letter))
            state.nextDeadLetter += 1
        }
    }

    /// The oldest `limit` dead letters.
    public func deadLetters(limit: Int) async throws(VerificationStoreError) -> [DeadLetter] {
        state.withLock { Array($0.deadLetters.prefix(max(0, limit)).map(\.letter)) }
    }

    /// Puts a dead letter back in the outbox.
    public func replayDeadLetter(eventID: String, now: Timestamp) async throws(VerificationStoreError) -> Bool
    {
        state.withLock { state in
            guard let index = state.deadLetters.firstIndex(where: { $0.letter.eventID == eventID }),
                let body = state.deadLetters[index].letter.body
            else { return false }
            let letter = state.deadLetters.remove(at: index).letter
            if !state.outbox.values.contains(where: { $0.webhook.eventID == eventID }) {
                state.outbox[state.nextSequence] = Entry(
                    webhook: OutgoingWebhook(
                        eventID: eventID, orderingKey: letter.orderingKey, url: letter.url, body: body,
                        createdAt: now),
                    attempts: 0, nextAttemptAt: now, leaseUntil: nil)
                state.nextSequence += 1
            }
            return true
        }
    }

    /// The entries not yet taken.
    public func pendingWebhookCount() async throws(VerificationStoreError) -> Int {
        state.withLock { $0.outbox.count }
    }

    /// Takes a message id for sending.
    public func claimMessage(
        _ id: String, now: Timestamp, leaseUntil: Timestamp
    ) async throws(VerificationStoreError) -> Bool {
        state.withLock { state in
            if let held = state.messages[id], held.accepted || held.leaseUntil > now { return false }
            state.messages[id] = Message(accepted: false, leaseUntil: leaseUntil, at: now)
            return true
        }
    }

    /// Records an accepted message.
    public func acceptMessage(_ id: String, now: Timestamp) async throws(VerificationStoreError) {
        state.withLock { $0.messages[id] = Message(accepted: true, leaseUntil: now, at: now) }
    }

    /// Frees a message id that was not accepted.
    public func releaseMessage(_ id: String) async throws(VerificationStoreError) {
        state.withLock { state in
            if state.messages[id]?.accepted == false { state.messages[id] = nil }
        }
    }

    /// Forgets ids older than `before`.
    public func purgeMessages(before: Timestamp) async throws(VerificationStoreError) -> Int {
        state.withLock { state in
            let old = state.messages.filter { $0.value.at < before }.map(\.key)
            for id in old { state.messages[id] = nil }
            return old.count
        }
    }
}
