public import Verification

/// Sends messages (SMS, voice calls, or both) as signed JSON webhooks to the operator's own
/// gateway or a provider's adapter; see ``WebhookPoster`` for the signature, retries and dead
/// letters. The event id is the message id, stable across retries of one step, so the receiver
/// can drop a repeat; a message the receiver has taken is not posted again (the ids are kept in
/// the poster's `DeliveryStateStore`).
public struct WebhookChannel: DeliveryChannel {
    /// The kinds this channel sends; any other is `DeliveryFailure.noChannel(_:)`.
    public let kinds: Set<DeliveryKind>
    let poster: WebhookPoster
    let accepted: AcceptedMessages

    /// Creates a channel for `kinds` that posts with `poster` (whose store keeps the ids of the
    /// messages the receiver took).
    public init(kinds: Set<DeliveryKind>, poster: WebhookPoster) {
        self.kinds = kinds
        self.poster = poster
        let policy = poster.backoff.policy
        let lease = (poster.requestTimeout + policy.maximumDelay) * policy.attempts + .seconds(30)
        self.accepted = AcceptedMessages(
            store: poster.store, clock: poster.clock, lease: lease, logger: poster.logger)
    }

    /// Posts the message; after the last failed try it is a delivery failure.
    public func deliver(_ message: OutboundMessage) async throws(DeliveryFailure) {
        guard kinds.contains(message.kind) else { throw .noChannel(message.kind) }
        guard try await accepted.claim(message.id) else { return }
        let body = WebhookPayload.encode(WebhookPayload.Message(message))
        switch await poster.post(
            eventID: message.id, body: body, keepBody: false, orderingKey: message.verificationID)
        {
        case .delivered:
            await accepted.accept(message.id)
        case .deadLettered(let lastError):
            await accepted.release(message.id)
            throw .unreachable("webhook_\(lastError)")
        }
    }
}
