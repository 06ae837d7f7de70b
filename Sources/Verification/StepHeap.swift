/// A binary min-heap of step ids by the time they may next be claimed (ties by id), so that a
/// claim looks only at the steps eligible now, not at every step stored.
struct StepHeap {
    private var entries: [(at: Int64, id: Int64)] = []

    private static func less(_ a: (at: Int64, id: Int64), _ b: (at: Int64, id: Int64)) -> Bool {
        (a.at, a.id) < (b.at, b.id)
    }

    /// Adds step `id`, eligible from `at`.
    mutating func push(at: Timestamp, _ id: Int64) {
        entries.append((at.milliseconds, id))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(entries[child], entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes the earliest entry and returns its step id, if it is eligible at `now`.
    mutating func popFirst(notAfter now: Timestamp) -> Int64? {
        guard let first = entries.first, first.at <= now.milliseconds else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < entries.count, Self.less(entries[left], entries[smallest]) { smallest = left }
                if right < entries.count, Self.less(entries[right], entries[smallest]) { smallest = right }
                if smallest == parent { break }
                entries.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first.id
    }
}
