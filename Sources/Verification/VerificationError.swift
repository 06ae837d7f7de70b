public import OTPProviders

/// Why the engine did not carry out a request. A provider's own FAIL answer is not an error: it
/// is an outcome (``PhoneMatchStartOutcome``).
public enum VerificationError: Error, Sendable, Hashable {
    /// A throttle refused the request; `retryAfter` is nil for refusals that waiting does not lift.
    case throttled(ThrottleRule, retryAfter: Duration?)
    /// The request breaks the provider's field rules (every issue listed).
    case invalidRequest(ValidationFailure)
    /// The PhoneMatch message cannot carry a code.
    case invalidMessage(MessageProblem)
    /// A start with the same idempotency key is still being carried out; try again shortly.
    case idempotencyConflict
    /// The store failed.
    case store(VerificationStoreError)
    /// The engine was set up wrongly.
    case configuration(ConfigurationProblem)
    /// A sealed code could not be opened (the server's secret changed).
    case sealFailed

    /// A stable snake_case name.
    public var identifier: String {
        switch self {
        case .throttled: "throttled"
        case .invalidRequest: "invalid_request"
        case .invalidMessage(let problem): problem.identifier
        case .idempotencyConflict: "idempotency_conflict"
        case .store(let error): error.identifier
        case .configuration(let problem): problem.identifier
        case .sealFailed: "seal_failed"
        }
    }

    /// What is wrong with a PhoneMatch `options.outofband.message`.
    public enum MessageProblem: Sendable, Hashable {
        /// No `{pin}`: the user would receive no code.
        case missingPIN
        /// Not a well-formed `{name}` template (the template error's identifier).
        case malformed(String)

        /// A stable snake_case name.
        public var identifier: String {
            switch self {
            case .missingPIN: "message_missing_pin"
            case .malformed: "message_malformed"
            }
        }
    }

    /// A set-up mistake.
    public enum ConfigurationProblem: Sendable, Hashable {
        /// The server secret is shorter than the minimum.
        case secretTooShort(minimumBytes: Int)

        /// A stable snake_case name.
        public var identifier: String {
            switch self {
            case .secretTooShort: "secret_too_short"
            }
        }
    }
}
