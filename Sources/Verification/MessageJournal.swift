/// The sandbox's journal of sent messages (what a tester's phone would have received), kept in the
/// store so that every instance on one database shows the same messages. It holds the most recent
/// ``MessageJournalLimits/capacity`` messages; a message's `createdAt` is when it was sent.
public protocol MessageJournal: Sendable {
    /// Appends a message (ignored when its id is already there). The store keeps at least the
    /// newest ``MessageJournalLimits/capacity`` messages and drops older ones (a store may trim
    /// in batches), so the journal stays bounded.
    func append(_ message: OutboundMessage) async throws(VerificationStoreError)

    /// The messages, oldest first, optionally only those to one number; at most `limit`, the newest.
    func entries(to number: String?, limit: Int) async throws(VerificationStoreError) -> [OutboundMessage]

    /// Empties the journal and every verification, step, idempotency key and rate limit: the
    /// sandbox's reset.
    func resetSandbox() async throws(VerificationStoreError)
}

/// The journal's bound.
public enum MessageJournalLimits {
    /// Entries kept.
    public static let capacity = 1000
}
