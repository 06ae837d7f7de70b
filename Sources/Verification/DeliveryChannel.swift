/// A message the engine hands to a channel. Its text holds the code: channels send it and never
/// log it.
public struct OutboundMessage: Sendable, Hashable, Codable {
    /// A unique id (verification id and step), stable across retries of the same step, so that a
    /// channel or a receiver can drop a duplicate.
    public var id: String
    /// The verification it belongs to.
    public var verificationID: String
    /// The number, E.164.
    public var to: String
    /// SMS or call.
    public var kind: DeliveryKind
    /// The SMS text, or the words a call says.
    public var text: String
    /// The sender name (iDenfy's `sender_name`), when the flow has one.
    public var sender: String?
    /// When the engine handed it over.
    public var createdAt: Timestamp

    /// Creates a message.
    public init(
        id: String, verificationID: String, to: String, kind: DeliveryKind, text: String, sender: String?,
        createdAt: Timestamp
    ) {
        self.id = id
        self.verificationID = verificationID
        self.to = to
        self.kind = kind
        self.text = text
        self.sender = sender
        self.createdAt = createdAt
    }
}

extension OutboundMessage: CustomStringConvertible {
    /// The message without its text (which holds the code).
    public var description: String { "OutboundMessage(\(id), \(kind.rawValue), \(text.utf8.count) bytes)" }
}

/// Sends messages: the sandbox journal, Kannel, a webhook.
public protocol DeliveryChannel: Sendable {
    /// Sends one message. Returning means the channel accepted it; throwing means it did not and
    /// will not (the channel has done its own retries).
    func deliver(_ message: OutboundMessage) async throws(DeliveryFailure)
}

/// Why a channel could not deliver.
public enum DeliveryFailure: Error, Sendable, Hashable {
    /// No channel is configured for this kind of message (e.g. no voice channel).
    case noChannel(DeliveryKind)
    /// The gateway refused the message.
    case refused(String)
    /// The gateway could not be reached.
    case unreachable(String)

    /// A stable snake_case name.
    public var identifier: String {
        switch self {
        case .noChannel: "no_channel"
        case .refused: "refused"
        case .unreachable: "unreachable"
        }
    }
}
