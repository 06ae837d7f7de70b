public import Logging
public import Verification

/// Sends every verification event as a signed webhook (see ``WebhookPoster``): at least once,
/// each with a unique `event_id`, in order per verification, through the durable outbox of a
/// `DeliveryStateStore`.
///
/// ``record(_:)`` only writes the event's webhook to the outbox (a store write; the engine is
/// never held up by the receiver) and wakes the worker. The worker, ``run()``, claims due entries
/// with a lease (only the oldest unfinished entry of each verification, so one verification's
/// events are posted one after another, the next only when the previous was taken or
/// dead-lettered; different verifications go in parallel), makes one try each, and records the
/// outcome: taken (removed), a failed try (the next one after the poster's backoff), or, after
/// the last try, a dead letter with its body. Entries survive a restart, and several instances
/// sharing the store share the work: an entry is leased to one worker at a time, and the lease
/// of a worker that died lapses.
public actor EventWebhookObserver: VerificationObserver {
    /// The poster: its URL, signature, tries, backoff and clock.
    public let poster: WebhookPoster
    /// How long a worker may hold an entry before another may take it.
    public let lease: Duration
    /// How often the outbox is looked at when nothing woke the worker (entries queued by another
    /// instance, retries coming due).
    public let pollInterval: Duration
    /// The most tries a worker makes at once.
    public let batchSize: Int
    let logger: Logger
    private var store: any DeliveryStateStore { poster.store }
    private var wakeUp: CheckedContinuation<Void, Never>?
    private var timer: Task<Void, Never>?
    private var wokenEarly = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var inFlight = 0

    /// Creates an observer that queues in `poster`'s store and posts with `poster`.
    public init(
        poster: WebhookPoster, lease: Duration? = nil, pollInterval: Duration = .seconds(1),
        batchSize: Int = 32,
        logger: Logger = Logger(label: "dialtone.delivery.events")
    ) {
        self.poster = poster
        self.lease = lease ?? poster.requestTimeout + .seconds(5)
        self.pollInterval = pollInterval
        self.batchSize = max(1, batchSize)
        self.logger = logger
    }

    /// Queues `event`'s webhook in the outbox and wakes the worker.
    public func record(_ event: VerificationEvent) async {
        let eventID = "evt_" + Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255) })
        let body = WebhookPayload.encode(WebhookPayload.Event(event, eventID: eventID))
        let webhook = OutgoingWebhook(
            eventID: eventID, orderingKey: event.verificationID ?? eventID, url: poster.url, body: body,
            createdAt: poster.clock.now())
        do {
            try await store.enqueueWebhook(webhook)
        } catch {
            logger.error(
                "event webhook could not be queued, it is lost",
                metadata: ["event": .string(LogReference.of(eventID)), "error": .string(error.identifier)])
        }
        wake()
    }

    /// Claims and posts due entries until the task is cancelled, at most ``batchSize`` at once:
    /// each try runs on its own, and when one ends the worker looks again (so the next event of
    /// that verification goes at once, whatever the others wait for). Cancelling the task stops
    /// the worker: a try under way is released without counting it.
    public func run() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                var claimed: [ClaimedWebhook] = []
                let room = batchSize - inFlight
                if room > 0 {
                    let now = poster.clock.now()
                    do throws(VerificationStoreError) {
                        claimed = try await store.claimWebhooks(
                            now: now, limit: room, leaseUntil: now.adding(lease))
                    } catch {
                        logger.error(
                            "event webhooks: the outbox failed",
                            metadata: ["error": .string(error.identifier)])
                    }
                }
                let poster = poster
                let logger = logger
                for entry in claimed {
                    inFlight += 1
                    group.addTask {
                        await Self.attempt(entry, poster: poster, logger: logger)
                        await self.finished()
                    }
                }
                await notifyIdleWaiters()
                if claimed.isEmpty, !Task.isCancelled { await sleep() }
            }
        }
        timer?.cancel()
        timer = nil
    }

    private func finished() {
        inFlight -= 1
        wake()
    }

    /// One pass without a running worker: claims up to ``batchSize`` due entries, makes one try
    /// of each at once and records the outcomes. Returns the number claimed.
    @discardableResult
    public func runOnce() async throws(VerificationStoreError) -> Int {
        let now = poster.clock.now()
        let claimed = try await store.claimWebhooks(now: now, limit: batchSize, leaseUntil: now.adding(lease))
        let poster = poster
        let logger = logger
        await withTaskGroup(of: Void.self) { group in
            for entry in claimed {
                group.addTask { await Self.attempt(entry, poster: poster, logger: logger) }
            }
        }
        return claimed.count
    }

    /// Returns once the outbox holds no entry (every event posted or dead-lettered). It needs a
    /// running worker (``run()``).
    public func idle() async {
        while (try? await store.pendingWebhookCount()) != 0 {
            await withCheckedContinuation { idleWaiters.append($0) }
        }
    }

    /// One try of `entry`, and its outcome recorded.
    private static func attempt(_ entry: ClaimedWebhook, poster: WebhookPoster, logger: Logger) async {
        let store = poster.store
        let webhook = entry.webhook
        let tries = entry.attempts + 1
        let failure = await poster.attempt(
            eventID: webhook.eventID, body: webhook.body, url: webhook.url, number: tries)
        do {
            guard let failure else {
                try await store.completeWebhook(entry.sequence)
                return
            }
            if Task.isCancelled {
                try await store.releaseWebhook(entry.sequence)
            } else if tries >= poster.backoff.policy.attempts {
                try await store.deadLetterWebhook(
                    entry.sequence, attempts: tries, lastError: failure, keepBody: true,
                    at: poster.clock.now())
                poster.logDeadLetter(eventID: webhook.eventID, lastError: failure)
            } else {
                let delay = poster.backoff.policy.delay(afterAttempt: tries, unit: poster.backoff.unit())
                try await store.recordWebhookFailure(
                    entry.sequence, nextAttemptAt: poster.clock.now().adding(delay), lastError: failure)
            }
        } catch {
            logger.error(
                "event webhooks: an outcome could not be recorded, the entry is tried again when its lease lapses",
                metadata: [
                    "event": .string(LogReference.of(webhook.eventID)), "error": .string(error.identifier),
                ])
        }
    }

    private func notifyIdleWaiters() async {
        guard !idleWaiters.isEmpty, (try? await store.pendingWebhookCount()) == 0 else { return }
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until ``wake()`` or ``pollInterval`` has passed or the task is cancelled.
    private func sleep() async {
        if wokenEarly {
            wokenEarly = false
            return
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                wakeUp = continuation
                let interval = pollInterval
                timer?.cancel()
                timer = Task { [weak self] in
                    // A cancelled timer (the worker was woken first) wakes nobody.
                    guard (try? await Task.sleep(for: interval)) != nil else { return }
                    await self?.wake()
                }
            }
        } onCancel: {
            Task { await self.wake() }
        }
        wokenEarly = false
    }

    private func wake() {
        if let wakeUp {
            self.wakeUp = nil
            wakeUp.resume()
        } else {
            wokenEarly = true
        }
    }
}
