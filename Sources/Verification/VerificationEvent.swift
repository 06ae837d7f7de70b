/// A change in a verification, for the audit log, metrics and webhooks. It never holds a code,
/// a token's secret part or a credential: only the verification id, which is the PhoneMatch token
/// or iDenfy request id the caller already has.
public struct VerificationEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        /// A verification was created.
        case started
        /// A message was accepted by the channel.
        case sent(DeliveryKind)
        /// The gateway reported that a message reached the handset (a delivery report).
        case delivered(DeliveryKind)
        /// A message could not be delivered: the channel refused it, or a delivery report said
        /// it failed.
        case deliveryFailed(DeliveryKind, reason: String)
        /// The iDenfy ladder moved on: step 1 is the call with the same code, step 2 the new code.
        case escalated(step: Int)
        /// The right code was entered.
        case approved
        /// An entry was refused, with the reason (the caller's answer never says which).
        case rejected(RejectionReason)
        /// The last code expired unused.
        case expired
        /// A throttle refused (or, in log-only mode, would have refused) a request.
        case throttled(ThrottleRule, enforced: Bool)

        /// A stable snake_case name.
        public var identifier: String {
            switch self {
            case .started: "started"
            case .sent: "sent"
            case .delivered: "delivered"
            case .deliveryFailed: "delivery_failed"
            case .escalated: "escalated"
            case .approved: "approved"
            case .rejected: "rejected"
            case .expired: "expired"
            case .throttled: "throttled"
            }
        }
    }

    /// What happened.
    public var kind: Kind
    /// The verification, when there is one (a start refused before creation has none).
    public var verificationID: String?
    /// The flow.
    public var flow: VerificationFlow
    /// The number's region, when known.
    public var region: String?
    /// When, on the engine's clock.
    public var at: Timestamp

    /// Creates an event.
    public init(kind: Kind, verificationID: String?, flow: VerificationFlow, region: String?, at: Timestamp) {
        self.kind = kind
        self.verificationID = verificationID
        self.flow = flow
        self.region = region
        self.at = at
    }
}

/// Why an entry or a start was refused.
public enum RejectionReason: String, Sendable, Hashable, CaseIterable {
    /// The code did not match.
    case wrongCode = "wrong_code"
    /// The verification was already approved.
    case alreadyApproved = "already_approved"
    /// The code had expired.
    case expired
    /// Too many wrong entries.
    case tooManyAttempts = "too_many_attempts"
    /// No such verification.
    case unknown
    /// It had ended otherwise.
    case finished
    /// PhoneMatch: the number is not valid (DATA CHECK FAILED).
    case invalidNumber = "invalid_number"
    /// PhoneMatch: the line type or the country is suppressed (SUPPRESSED SENDING CODE).
    case suppressed
    /// The anti-pumping guard refused the number (premium rate, not mobile).
    case guarded

    init(_ refusal: AttemptRefusal) {
        switch refusal {
        case .unknown: self = .unknown
        case .alreadyApproved: self = .alreadyApproved
        case .finished: self = .finished
        case .expired: self = .expired
        case .attemptsExhausted: self = .tooManyAttempts
        }
    }
}

/// Receives every event. Called in order for one verification; must not block for long.
public protocol VerificationObserver: Sendable {
    /// Records one event.
    func record(_ event: VerificationEvent) async
}

/// An observer that drops every event.
public struct NoVerificationObserver: VerificationObserver {
    /// Creates it.
    public init() {}
    /// Does nothing.
    public func record(_ event: VerificationEvent) async {}
}
