/// One message as the sandbox journal keeps it: what a tester's phone would have received.
public struct JournalEntry: Sendable, Hashable, Codable {
    /// The message id (verification id and step): appending the same id again does nothing.
    public var id: String
    /// The verification it belongs to.
    public var verificationID: String
    /// The number, E.164.
    public var to: String
    /// SMS or call.
    public var kind: DeliveryKind
    /// The SMS text or the call's words.
    public var text: String
    /// The sender name, when the flow has one.
    public var sender: String?
    /// When it was sent, on the engine's clock.
    public var sentAt: Timestamp

    /// Creates an entry.
    public init(
        id: String, verificationID: String, to: String, kind: DeliveryKind, text: String, sender: String?,
        sentAt: Timestamp
    ) {
        self.id = id
        self.verificationID = verificationID
        self.to = to
        self.kind = kind
        self.text = text
        self.sender = sender
        self.sentAt = sentAt
    }

    /// The entry for a message handed to a channel.
    public init(_ message: OutboundMessage) {
        self.init(
            id: message.id, verificationID: message.verificationID, to: message.to, kind: message.kind,
            text: message.text, sender: message.sender, sentAt: message.createdAt)
    }
}

/// The sandbox's journal of sent messages, kept in the store so that every instance on one
/// database shows the same messages. It holds the most recent ``capacity`` entries.
public protocol MessageJournal: Sendable {
    /// Appends an entry (ignored when its id is already there) and drops the oldest beyond
    /// ``MessageJournalLimits/capacity``.
    func append(_ entry: JournalEntry) async throws(VerificationStoreError)

    /// The entries, oldest first, optionally only those to one number; at most `limit`, the newest.
    func entries(to number: String?, limit: Int) async throws(VerificationStoreError) -> [JournalEntry]

    /// Empties the journal and every verification, step, idempotency key and rate limit: the
    /// sandbox's reset.
    func resetSandbox() async throws(VerificationStoreError)
}

/// The journal's bound.
public enum MessageJournalLimits {
    /// Entries kept.
    public static let capacity = 1000
}
