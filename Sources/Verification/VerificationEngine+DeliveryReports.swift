/// What a gateway's delivery report says about one message.
public enum DeliveryReportStatus: String, Sendable, Hashable, CaseIterable {
    /// The message reached the handset.
    case delivered
    /// The message will not reach the handset (the carrier or the gateway gave up).
    case failed
}

extension VerificationEngine {
    /// Records a gateway's delivery report for a message of verification `verificationID`:
    /// a `delivered` event, or a `delivery_failed` event with `reason`. A failed report ends a
    /// PhoneMatch flow that is still pending as ``VerificationState/deliveryFailed`` (its continue
    /// then answers FAIL / FAILED TO SEND TO NUMBER); an iDenfy request goes on with its ladder.
    ///
    /// Returns whether the report ended the verification. A report for an unknown verification,
    /// or a failed report for a PhoneMatch flow that already ended in a delivery failure, is
    /// ignored (no event).
    @discardableResult
    public func recordDeliveryReport(
        verificationID: String, kind: DeliveryKind, status: DeliveryReportStatus, reason: String
    ) async throws(VerificationError) -> Bool {
        guard
            let record = try await run({ () async throws(VerificationStoreError) in
                try await store.verification(id: verificationID)
            })
        else { return false }
        let now = clock.now()
        switch status {
        case .delivered:
            await emit(.delivered(kind), record.id, record.flow, record.region, at: now)
            return false
        case .failed:
            // A PhoneMatch flow whose send already failed was reported then (a gateway may still
            // send a report for a message it refused at once).
            if record.flow != .idenfy, record.state == .deliveryFailed { return false }
            var ended = false
            if record.flow != .idenfy, record.state == .pending {
                ended = try await run { () async throws(VerificationStoreError) in
                    try await store.finish(
                        id: record.id, generation: record.codeGeneration, as: .deliveryFailed, now: now)
                }
            }
            await emit(.deliveryFailed(kind, reason: reason), record.id, record.flow, record.region, at: now)
            return ended
        }
    }
}
