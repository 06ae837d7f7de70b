public import OTPProviders

/// The answer to iDenfy send-sms, with the pre-flight findings made before it.
public struct IdenfySendOutcome: Sendable, Hashable {
    /// The provider's answer: the `request_id` for verify-sms.
    public let response: IdenfySendSMSResponse
    /// The documented rules the request breaks, when ``PreflightMode/report`` asked for them
    /// (empty when it breaks none or when pre-flight was off).
    public let preflightIssues: [ValidationIssue]

    /// Creates the value.
    public init(response: IdenfySendSMSResponse, preflightIssues: [ValidationIssue]) {
        self.response = response
        self.preflightIssues = preflightIssues
    }
}
