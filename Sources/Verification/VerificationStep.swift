/// A durable timer: something the engine must do at a moment, kept in the store so that it
/// survives restarts and is done by exactly one of several instances.
public struct ScheduledStep: Sendable, Hashable {
    /// What to do.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// iDenfy at 2:00: call with the same code (kept sealed in ``ScheduledStep/sealedCode``).
        case callSameCode = "call_same_code"
        /// iDenfy at 5:00: call with a new code, valid for five more minutes.
        case callNewCode = "call_new_code"
        /// The last code's expiry: a still pending verification becomes expired.
        case expire
    }

    /// What to do.
    public var kind: Kind
    /// When.
    public var dueAt: Timestamp
    /// The code sealed with the server's key, for ``Kind/callSameCode`` only; erased with the step.
    public var sealedCode: [UInt8]?

    /// Creates a step.
    public init(kind: Kind, dueAt: Timestamp, sealedCode: [UInt8]? = nil) {
        self.kind = kind
        self.dueAt = dueAt
        self.sealedCode = sealedCode
    }
}

/// A step handed to one worker until `leaseUntil`; after that another may claim it again.
public struct ClaimedStep: Sendable, Hashable {
    /// The store's identifier of the step.
    public var stepID: Int64
    /// The verification it belongs to.
    public var verificationID: String
    /// The step.
    public var step: ScheduledStep

    /// Creates a claimed step.
    public init(stepID: Int64, verificationID: String, step: ScheduledStep) {
        self.stepID = stepID
        self.verificationID = verificationID
        self.step = step
    }
}
