public import Verification

/// A webhook given up on after its last try, kept so that an operator can see and replay it.
public struct DeadLetter: Sendable, Hashable {
    /// The event's id (the body's `event_id`).
    public var eventID: String
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
    public init(eventID: String, url: String, body: [UInt8]?, attempts: Int, lastError: String, at: Timestamp)
    {
        self.eventID = eventID
        self.url = url
        self.body = body
        self.attempts = attempts
        self.lastError = lastError
        self.at = at
    }
}

/// Where dead letters are kept. The shipped ``InMemoryDeadLetters`` loses them on restart; a
/// durable store (a table next to the verifications) is future work, see docs/DELIVERY.md.
public protocol DeadLetterStore: Sendable {
    /// Keeps one dead letter.
    func record(_ letter: DeadLetter) async
    /// The dead letters kept, oldest first.
    func letters() async -> [DeadLetter]
}

/// Dead letters in memory, the newest ``capacity`` of them.
public actor InMemoryDeadLetters: DeadLetterStore {
    /// Letters kept.
    public let capacity: Int
    private var kept: [DeadLetter] = []

    /// Creates an empty store.
    public init(capacity: Int = 1000) {
        self.capacity = max(1, capacity)
    }

    /// Keeps `letter`, dropping the oldest beyond the capacity.
    public func record(_ letter: DeadLetter) {
        kept.append(letter)
        if kept.count > capacity { kept.removeFirst(kept.count - capacity) }
    }

    /// The letters, oldest first.
    public func letters() -> [DeadLetter] { kept }
}
