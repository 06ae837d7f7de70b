public import Verification

/// Sends every verification event as a signed webhook (see ``WebhookPoster``): at least once,
/// each with a unique `event_id`, in order per verification (one verification's events are posted
/// one after another, the next only when the previous was taken or dead-lettered; different
/// verifications go in parallel). The engine is not held up: ``record(_:)`` only queues.
///
/// Queues live in memory: events not yet posted when the process stops are lost (see
/// docs/DELIVERY.md).
public actor EventWebhookObserver: VerificationObserver {
    let poster: WebhookPoster
    private var queues: [String: [(id: String, body: [UInt8])]] = [:]
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    /// Creates an observer that posts with `poster`.
    public init(poster: WebhookPoster) {
        self.poster = poster
    }

    /// Queues `event`'s webhook.
    public func record(_ event: VerificationEvent) {
        let eventID = "evt_" + Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255) })
        let key = event.verificationID ?? eventID
        let body = WebhookPayload.encode(WebhookPayload.Event(event, eventID: eventID))
        if queues[key] != nil {
            queues[key]?.append((eventID, body))
        } else {
            queues[key] = [(eventID, body)]
            Task { await drain(key) }
        }
    }

    /// Returns once every queued event has been posted or dead-lettered.
    public func idle() async {
        if queues.isEmpty { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func drain(_ key: String) async {
        while let next = queues[key]?.first {
            _ = await poster.post(eventID: next.id, body: next.body, keepBody: true)
            queues[key]?.removeFirst()
            if queues[key]?.isEmpty == true { queues[key] = nil }
        }
        if queues.isEmpty {
            let waiters = idleWaiters
            idleWaiters = []
            for waiter in waiters { waiter.resume() }
        }
    }
}
