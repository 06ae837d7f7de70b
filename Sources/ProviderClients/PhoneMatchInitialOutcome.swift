public import OTPProviders

/// The answer to a PhoneMatch initial request, with the pre-flight prediction made before it.
public struct PhoneMatchInitialOutcome: Sendable, Hashable {
    /// The provider's answer. `result.action` `FAIL` is an answer, not an error.
    public let response: PhoneMatchInitialResponse
    /// The prediction, when ``PreflightMode/report`` or ``PreflightMode/refuse`` asked for one.
    public let preflight: PhoneMatchPreflightReport?

    /// Creates the value.
    public init(response: PhoneMatchInitialResponse, preflight: PhoneMatchPreflightReport?) {
        self.response = response
        self.preflight = preflight
    }

    /// Whether the code was sent (`PENDING` with a continuation).
    public var codeSent: Bool {
        response.result.action == .pending && response.continuations?.outOfBand != nil
    }
}
