public import Testing
public import Verification

/// What every ``DeliveryStateStore`` must do, as scenarios each store's tests run: on memory,
/// SQLite (two connections to one file) and PostgreSQL (two clients on one database). A scenario
/// gets one or more stores on the same data and spreads its callers over them.
public enum DeliveryStateScenario: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// Ordering per key, leases, failed tries and releases.
    case orderPerKey = "only the oldest entry of a key is claimable, a leased one is not handed out twice"
    /// A lease that lapsed.
    case leaseLapse = "a lapsed lease (a crashed worker) makes the entry claimable again"
    /// Exactly-once claims under concurrency.
    case concurrentClaims = "16 concurrent claimers: each entry once, in order per key"
    /// Dead letters.
    case deadLetters = "dead letters: moved after the last try, body kept only when allowed, listed, replayed"
    /// Accepted message ids.
    case acceptedMessages = "accepted message ids: claim, accept, release, lapse, purge"
    /// One message id claimed concurrently.
    case concurrentMessageClaims = "16 concurrent claims of one message id: one wins"

    /// The scenario's sentence.
    public var testDescription: String { rawValue }

    static let t0 = Timestamp(seconds: 1_767_225_600)

    static func at(_ seconds: Int64) -> Timestamp { t0.adding(.seconds(seconds)) }

    static func webhook(_ id: String, key: String, body: String? = nil, at: Timestamp = t0) -> OutgoingWebhook
    {
        OutgoingWebhook(
            eventID: id, orderingKey: key, url: "http://127.0.0.1:9/events",
            body: Array((body ?? #"{"event_id":"\#(id)"}"#).utf8), createdAt: at)
    }

    /// Runs the scenario on `stores`, which share their data and start empty.
    public func run(_ stores: [any DeliveryStateStore]) async throws {
        let store = stores[0]
        let other = stores[stores.count - 1]
        let t0 = Self.t0
        switch self {
        case .orderPerKey:
            for (id, key) in [("a1", "a"), ("a2", "a"), ("b1", "b"), ("a3", "a")] {
                try await store.enqueueWebhook(Self.webhook(id, key: key))
            }
            // Queuing an event id again changes nothing.
            try await other.enqueueWebhook(Self.webhook("a1", key: "a"))
            #expect(try await store.pendingWebhookCount() == 4)
            let first = try await store.claimWebhooks(now: t0, limit: 10, leaseUntil: Self.at(30))
            #expect(first.map(\.webhook.eventID) == ["a1", "b1"])
            #expect(first.allSatisfy { $0.attempts == 0 })
            #expect(first.first?.webhook == Self.webhook("a1", key: "a"))
            #expect(try await other.claimWebhooks(now: t0, limit: 10, leaseUntil: Self.at(30)).isEmpty)
            // a1 taken: a2 is next; b1 is still leased.
            try await other.completeWebhook(first[0].sequence)
            let second = try await store.claimWebhooks(now: t0, limit: 10, leaseUntil: Self.at(30))
            #expect(second.map(\.webhook.eventID) == ["a2"])
            // a2 fails: not due before its next try, and a3 waits behind it.
            try await store.recordWebhookFailure(
                second[0].sequence, nextAttemptAt: Self.at(5), lastError: "http_500")
            #expect(
                try await other.claimWebhooks(now: Self.at(4), limit: 10, leaseUntil: Self.at(30)).isEmpty)
            let retried = try await other.claimWebhooks(now: Self.at(5), limit: 10, leaseUntil: Self.at(30))
            #expect(retried.map(\.webhook.eventID) == ["a2"])
            #expect(retried.first?.attempts == 1)
            // A released lease (a stopping worker) makes it claimable at once, no try counted.
            try await other.releaseWebhook(retried[0].sequence)
            let released = try await store.claimWebhooks(now: Self.at(5), limit: 1, leaseUntil: Self.at(30))
            #expect(released.map(\.webhook.eventID) == ["a2"])
            #expect(released.first?.attempts == 1)
            try await store.completeWebhook(released[0].sequence)
            try await store.completeWebhook(first[1].sequence)
            let last = try await other.claimWebhooks(now: Self.at(6), limit: 10, leaseUntil: Self.at(30))
            #expect(last.map(\.webhook.eventID) == ["a3"])
            try await other.completeWebhook(last[0].sequence)
            #expect(try await store.pendingWebhookCount() == 0)

        case .leaseLapse:
            try await store.enqueueWebhook(Self.webhook("x1", key: "x"))
            try await store.enqueueWebhook(Self.webhook("x2", key: "x"))
            let claimed = try await store.claimWebhooks(now: t0, limit: 5, leaseUntil: Self.at(10))
            #expect(claimed.map(\.webhook.eventID) == ["x1"])
            #expect(try await other.claimWebhooks(now: Self.at(9), limit: 5, leaseUntil: Self.at(20)).isEmpty)
            // The worker died: at the lease's end another takes x1 (never x2 before it).
            let again = try await other.claimWebhooks(now: Self.at(10), limit: 5, leaseUntil: Self.at(20))
            #expect(again.map(\.webhook.eventID) == ["x1"])
            #expect(again.first?.sequence == claimed.first?.sequence)
            #expect(again.first?.attempts == 0)

        case .concurrentClaims:
            let keys = 20
            let perKey = 3
            for index in 0..<perKey {
                for key in 0..<keys {
                    try await store.enqueueWebhook(Self.webhook("k\(key)-\(index)", key: "k\(key)"))
                }
            }
            let log = Locked<[String]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<16 {
                    let mine = stores[worker % stores.count]
                    group.addTask {
                        let deadline = ContinuousClock.now + .seconds(60)
                        while ContinuousClock.now < deadline {
                            let claimed = try await mine.claimWebhooks(
                                now: t0, limit: 4, leaseUntil: Self.at(600))
                            if claimed.isEmpty {
                                // Every entry left is another worker's, or behind one of its keys.
                                if try await mine.pendingWebhookCount() == 0 { return }
                                await Task.yield()
                                continue
                            }
                            for entry in claimed {
                                log.withLock { $0.append(entry.webhook.eventID) }
                                try await mine.completeWebhook(entry.sequence)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let taken = log.withLock { $0 }
            #expect(taken.count == keys * perKey)
            #expect(Set(taken).count == keys * perKey)
            for key in 0..<keys {
                #expect(taken.filter { $0.hasPrefix("k\(key)-") } == (0..<perKey).map { "k\(key)-\($0)" })
            }
            #expect(try await store.pendingWebhookCount() == 0)

        case .deadLetters:
            try await store.enqueueWebhook(Self.webhook("e1", key: "v"))
            try await store.enqueueWebhook(Self.webhook("e2", key: "v"))
            let first = try await store.claimWebhooks(now: t0, limit: 5, leaseUntil: Self.at(30))
            try await store.deadLetterWebhook(
                first[0].sequence, attempts: 8, lastError: "connection_failed", keepBody: true, at: Self.at(1)
            )
            // The next of the key is claimable once the first is dead-lettered.
            let second = try await other.claimWebhooks(now: Self.at(1), limit: 5, leaseUntil: Self.at(30))
            #expect(second.map(\.webhook.eventID) == ["e2"])
            try await other.deadLetterWebhook(
                second[0].sequence, attempts: 2, lastError: "http_500", keepBody: false, at: Self.at(2))
            try await store.recordDeadLetter(
                DeadLetter(
                    eventID: "pm_1-1", url: "http://127.0.0.1:9/sms", body: nil, attempts: 4,
                    lastError: "http_503",
                    at: Self.at(3)))
            #expect(try await store.pendingWebhookCount() == 0)
            let letters = try await other.deadLetters(limit: 10)
            #expect(
                letters == [
                    DeadLetter(
                        eventID: "e1", orderingKey: "v", url: "http://127.0.0.1:9/events",
                        body: Self.webhook("e1", key: "v").body, attempts: 8, lastError: "connection_failed",
                        at: Self.at(1)),
                    DeadLetter(
                        eventID: "e2", orderingKey: "v", url: "http://127.0.0.1:9/events", body: nil,
                        attempts: 2,
                        lastError: "http_500", at: Self.at(2)),
                    DeadLetter(
                        eventID: "pm_1-1", url: "http://127.0.0.1:9/sms", body: nil, attempts: 4,
                        lastError: "http_503", at: Self.at(3)),
                ])
            #expect(try await store.deadLetters(limit: 2).map(\.eventID) == ["e1", "e2"])
            // Replay: only a letter with its body; it goes back to the outbox with no tries.
            #expect(try await store.replayDeadLetter(eventID: "e2", now: Self.at(4)) == false)
            #expect(try await store.replayDeadLetter(eventID: "pm_1-1", now: Self.at(4)) == false)
            #expect(try await store.replayDeadLetter(eventID: "e1", now: Self.at(4)))
            #expect(try await other.replayDeadLetter(eventID: "e1", now: Self.at(4)) == false)
            #expect(try await store.deadLetters(limit: 10).map(\.eventID) == ["e2", "pm_1-1"])
            let replayed = try await other.claimWebhooks(now: Self.at(4), limit: 5, leaseUntil: Self.at(30))
            #expect(replayed.map(\.webhook.eventID) == ["e1"])
            #expect(replayed.first?.attempts == 0)
            #expect(replayed.first?.webhook.body == Self.webhook("e1", key: "v").body)

        case .acceptedMessages:
            #expect(try await store.claimMessage("m1", now: t0, leaseUntil: Self.at(60)))
            // Held by a live lease: not by this process nor by another.
            #expect(try await other.claimMessage("m1", now: Self.at(1), leaseUntil: Self.at(61)) == false)
            // Released after a failed send: free again.
            try await store.releaseMessage("m1")
            #expect(try await other.claimMessage("m1", now: Self.at(2), leaseUntil: Self.at(62)))
            // The sender died: its lease lapses.
            #expect(try await store.claimMessage("m1", now: Self.at(62), leaseUntil: Self.at(122)))
            try await store.acceptMessage("m1", now: Self.at(63))
            // Accepted: never claimed again, and a release does not free it.
            try await other.releaseMessage("m1")
            #expect(
                try await other.claimMessage("m1", now: Self.at(86_400), leaseUntil: Self.at(86_460)) == false
            )
            #expect(try await store.claimMessage("m2", now: Self.at(100), leaseUntil: Self.at(160)))
            // Purged once old: m1 (accepted at 63) goes, m2 (claimed at 100) stays.
            #expect(try await other.purgeMessages(before: Self.at(100)) == 1)
            #expect(try await store.claimMessage("m1", now: Self.at(101), leaseUntil: Self.at(161)))
            #expect(try await store.claimMessage("m2", now: Self.at(101), leaseUntil: Self.at(161)) == false)

        case .concurrentMessageClaims:
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<16 {
                    let mine = stores[index % stores.count]
                    group.addTask { try await mine.claimMessage("m", now: t0, leaseUntil: Self.at(60)) }
                }
                var wins = 0
                for try await won in group where won { wins += 1 }
                return wins
            }
            #expect(wins == 1)
        }
    }
}
