/// The ids of messages a gateway has accepted (or is being sent right now), so that a repeat of
/// the same message (a retried step, a duplicated call) is never sent twice. It keeps the newest
/// ``capacity`` ids in memory: a restart forgets them (see docs/DELIVERY.md).
actor AcceptedMessages {
    /// Ids kept.
    let capacity: Int
    private var accepted: Set<String> = []
    private var order: [String] = []
    private var head = 0
    private var inFlight: Set<String> = []

    init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// Takes `id` for sending; false when it was accepted before or is being sent.
    func claim(_ id: String) -> Bool {
        if accepted.contains(id) || inFlight.contains(id) { return false }
        inFlight.insert(id)
        return true
    }

    /// The gateway accepted `id`.
    func accept(_ id: String) {
        inFlight.remove(id)
        guard accepted.insert(id).inserted else { return }
        order.append(id)
        if order.count - head > capacity {
            accepted.remove(order[head])
            head += 1
            if head > capacity {
                order.removeFirst(head)
                head = 0
            }
        }
    }

    /// Sending `id` failed: a later try may send it.
    func release(_ id: String) {
        inFlight.remove(id)
    }

    /// Whether `id` was accepted.
    func contains(_ id: String) -> Bool { accepted.contains(id) }
}
