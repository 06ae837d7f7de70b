import Synchronization
public import Verification

/// The sandbox's recent engine events, in this process's memory, for the inbox page's timelines.
///
/// It is per instance: several sandbox instances on one database share the message journal (it is
/// in the store) but each shows only the timelines of the events its own engine emitted. It keeps
/// at least the newest ``capacity`` events that name a verification (at most 500 more) and
/// forgets older ones, so it stays bounded. Events hold no code (see `VerificationEvent`).
public final class SandboxEventLog: VerificationObserver {
    /// Events kept.
    public static let capacity = 5000

    private let events = Mutex<[VerificationEvent]>([])

    /// Creates an empty log.
    public init() {}

    /// Keeps `event` if it names a verification (a refused start or an unknown id names none).
    public func record(_ event: VerificationEvent) async {
        guard event.verificationID != nil else { return }
        events.withLock {
            $0.append(event)
            // Trimmed 500 at a time: an event moves no more than a few others on average.
            if $0.count >= Self.capacity + 500 { $0.removeFirst(500) }
        }
    }

    /// The events of one verification, oldest first.
    public func events(of verificationID: String) -> [VerificationEvent] {
        events.withLock { $0.filter { $0.verificationID == verificationID } }
    }

    /// The verifications with an event kept, most recently active first, at most `limit`.
    public func recentVerificationIDs(limit: Int) -> [String] {
        events.withLock { events in
            var seen = Set<String>()
            var ids: [String] = []
            for event in events.reversed() {
                guard ids.count < limit, let id = event.verificationID else { continue }
                if seen.insert(id).inserted { ids.append(id) }
            }
            return ids
        }
    }

    /// Forgets every event (the sandbox's reset).
    public func removeAll() {
        events.withLock { $0.removeAll() }
    }
}
