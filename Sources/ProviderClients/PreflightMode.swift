/// What a client does with the prediction made before a paid call
/// (`OTPProviders.PhoneMatchInitialRequest.preflight(_:plan:)` for PhoneMatch, the documented
/// field rules for iDenfy send-sms).
public enum PreflightMode: Sendable, Hashable {
    /// No prediction.
    case off
    /// Predict and return the prediction with the answer (and log a warning when it predicts
    /// `FAIL`), but send anyway.
    case report
    /// Predict and throw ``ProviderClientError/preflightRefused(_:)`` (PhoneMatch) or
    /// ``ProviderClientError/invalidRequest(_:)`` (iDenfy) instead of paying for a call bound to
    /// fail.
    case refuse
}
