public import OTPProviders

/// Why a provider call did not give an answer. A provider's own `FAIL` (PhoneMatch) or
/// `is_verified: false` (iDenfy) is not an error: it is the answer, returned as a value.
///
/// One case per rule; ``identifier`` is a stable snake_case name for logs, metrics and exit codes.
/// Descriptions never contain a password, an API secret, a code or a token.
public enum ProviderClientError: Error, Sendable, Hashable {
    /// The request breaks the provider's documented field rules; nothing was sent.
    case invalidRequest(ValidationFailure)
    /// Pre-flight predicted `FAIL` and the caller chose ``PreflightMode/refuse``; nothing was sent.
    case preflightRefused(PhoneMatchPreflightReport)
    /// No connection could be made (refused, unreachable, DNS, TLS or connect timeout), so the
    /// request was never written; retried `attempts` times in all.
    case connectionFailed(attempts: Int, reason: String)
    /// The connection failed after the request may have been written (reset, closed early).
    case transport(reason: String)
    /// The answer did not come in time.
    case timeout(TimeoutPhase)
    /// The provider answered a status other than 2xx (the body excerpt is redacted).
    case httpStatus(HTTPStatusFailure)
    /// The provider answered 2xx with a body that is not the documented JSON (malformed,
    /// truncated); the raw bytes are kept for the caller.
    case undecodableResponse(UndecodableResponse)
    /// The caller's task was cancelled.
    case cancelled
    /// A paid call (PhoneMatch initial request, iDenfy send-sms) failed after it may have reached
    /// the provider: a code may have been sent and paid for. It is never repeated automatically;
    /// the cause says what happened. Check the outcome (the sandbox journal, the provider's
    /// dashboard) or repeat it yourself, with the same idempotency key where the provider has one.
    indirect case outcomeUnknown(ProviderClientError)

    /// A stable snake_case name of the case.
    public var identifier: String {
        switch self {
        case .invalidRequest: "invalid_request"
        case .preflightRefused: "preflight_refused"
        case .connectionFailed: "connection_failed"
        case .transport: "transport"
        case .timeout: "timeout"
        case .httpStatus: "http_status"
        case .undecodableResponse: "undecodable_response"
        case .cancelled: "cancelled"
        case .outcomeUnknown: "outcome_unknown"
        }
    }

    /// Whether the request may have reached the provider (and, for a paid call, cost a message).
    public var mayHaveReachedProvider: Bool {
        switch self {
        case .invalidRequest, .preflightRefused, .connectionFailed: false
        case .transport, .timeout, .httpStatus, .undecodableResponse, .cancelled, .outcomeUnknown: true
        }
    }

    /// The error itself, or the cause of ``outcomeUnknown(_:)``.
    public var cause: ProviderClientError {
        if case .outcomeUnknown(let cause) = self { return cause.cause }
        return self
    }
}

extension ProviderClientError: CustomStringConvertible {
    /// A readable sentence without secrets, codes or tokens.
    public var description: String {
        switch self {
        case .invalidRequest(let failure): "the request is invalid: \(failure)"
        case .preflightRefused(let report):
            "pre-flight predicts FAIL, so the request was not sent: "
                + report.findings.filter { $0.severity == .fail }.map(\.message).joined(separator: "; ")
        case .connectionFailed(let attempts, let reason):
            "no connection could be made (\(attempts) attempt\(attempts == 1 ? "" : "s")), nothing was sent: \(reason)"
        case .transport(let reason): "the connection failed after the request was sent: \(reason)"
        case .timeout(let phase): "no answer in time (\(phase.identifier) timeout)"
        case .httpStatus(let failure): failure.description
        case .undecodableResponse(let response): response.description
        case .cancelled: "the call was cancelled"
        case .outcomeUnknown(let cause):
            "the request may have reached the provider and was not repeated (a code may have been sent): \(cause)"
        }
    }
}
