import Logging
import Verification

/// The ids of messages a gateway has accepted (or that are being sent right now), kept in a
/// `DeliveryStateStore` so that a repeat of the same message (a retried step, a
/// step run again after a restart or by another instance) is never sent twice.
struct AcceptedMessages: Sendable {
    let store: any DeliveryStateStore
    let clock: any VerificationClock
    /// How long a sender holds a message it claimed; a sender that died frees it after this.
    let lease: Duration
    let logger: Logger

    /// Takes `id` for sending; false when it was accepted before or is being sent. A store that
    /// cannot answer is a delivery failure: sending without the claim could send twice.
    func claim(_ id: String) async throws(DeliveryFailure) -> Bool {
        let now = clock.now()
        do {
            return try await store.claimMessage(id, now: now, leaseUntil: now.adding(lease))
        } catch {
            logger.error(
                "delivery state: a message could not be claimed, not sent",
                metadata: ["message": .string(LogReference.of(id)), "error": .string(error.identifier)])
            throw .unreachable("delivery_state_unavailable")
        }
    }

    /// The gateway accepted `id`.
    func accept(_ id: String) async {
        do {
            try await store.acceptMessage(id, now: clock.now())
        } catch {
            logger.error(
                "delivery state: an accepted message could not be recorded",
                metadata: ["message": .string(LogReference.of(id)), "error": .string(error.identifier)])
        }
    }

    /// Sending `id` failed: a later try may send it.
    func release(_ id: String) async {
        do {
            try await store.releaseMessage(id)
        } catch {
            logger.error(
                "delivery state: a message could not be released, it is held until its lease lapses",
                metadata: ["message": .string(LogReference.of(id)), "error": .string(error.identifier)])
        }
    }
}
