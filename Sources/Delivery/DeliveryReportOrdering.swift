public import Verification

/// Keeps a verification's events in order when a gateway's delivery report comes back faster
/// than the engine records the send: Kannel may call the report URL before its `sendsms` answer
/// has reached the engine, and the report's `delivered` event must not be posted before `sent`.
///
/// Give it the engine's events after the event webhooks' observer (so that, once it has seen a
/// `sent`, that event is already queued) and have the report route wait with
/// ``waitUntilSent(verificationID:kind:timeout:)`` before recording the report. It remembers the
/// newest ``capacity`` sends of this process; a report for an older send, or one handled by another
/// instance, waits out the timeout and is then recorded anyway.
public actor DeliveryReportOrdering: VerificationObserver {
    /// Sends remembered.
    public let capacity: Int
    private var sent: Set<String> = []
    private var order: [String] = []
    private var waiters: [String: [(id: Int, continuation: CheckedContinuation<Bool, Never>)]] = [:]
    private var nextWaiter = 0

    /// Creates an empty record.
    public init(capacity: Int = 50_000) {
        self.capacity = max(1, capacity)
    }

    /// Notes each `sent` event.
    public func record(_ event: VerificationEvent) {
        guard case .sent(let kind) = event.kind, let id = event.verificationID else { return }
        let key = Self.key(id, kind)
        if sent.insert(key).inserted {
            order.append(key)
            if order.count > capacity {
                sent.remove(order.removeFirst())
            }
        }
        for waiter in waiters.removeValue(forKey: key) ?? [] { waiter.continuation.resume(returning: true) }
    }

    /// Returns once the verification's send of `kind` has been recorded (true), or after
    /// `timeout` (false).
    public func waitUntilSent(verificationID: String, kind: DeliveryKind, timeout: Duration) async -> Bool {
        let key = Self.key(verificationID, kind)
        if sent.contains(key) { return true }
        nextWaiter += 1
        let id = nextWaiter
        return await withCheckedContinuation { continuation in
            waiters[key, default: []].append((id, continuation))
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(key, id)
            }
        }
    }

    private func expire(_ key: String, _ id: Int) {
        guard let index = waiters[key]?.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters[key]?.remove(at: index)
        if waiters[key]?.isEmpty == true { waiters[key] = nil }
        waiter?.continuation.resume(returning: false)
    }

    private static func key(_ id: String, _ kind: DeliveryKind) -> String { "\(kind.rawValue):\(id)" }
}
