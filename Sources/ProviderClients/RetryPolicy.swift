/// When and how often a call is repeated automatically.
///
/// Only where no message can have gone out: a connection that failed before the request was
/// written (any call), and 502, 503 or 504 answers to the idempotent calls (PhoneMatch continue
/// and status, iDenfy verify-sms). A paid call that may have reached the provider is never
/// repeated.
public struct RetryPolicy: Sendable, Hashable {
    /// The most attempts of one call, the first included (at least 1).
    public var maximumAttempts: Int
    /// The backoff before the second attempt; it doubles for each further attempt.
    public var baseDelay: Duration
    /// The longest backoff.
    public var maximumDelay: Duration

    /// Creates a policy (defaults: 3 attempts, 200 ms doubling, at most 2 s).
    public init(
        maximumAttempts: Int = 3, baseDelay: Duration = .milliseconds(200),
        maximumDelay: Duration = .seconds(2)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// No automatic repeat at all.
    public static let never = RetryPolicy(maximumAttempts: 1)

    /// The backoff after attempt `attempt` (1-based): `baseDelay · 2^(attempt-1)`, at most
    /// `maximumDelay`, scaled by `jitter` (from 0.5 to 1: "equal jitter", so that clients that failed
    /// together do not come back together).
    public func delay(afterAttempt attempt: Int, jitter: Double) -> Duration {
        let exponent = min(max(0, attempt - 1), 30)
        let uncapped = baseDelay * (1 << exponent)
        let capped = min(uncapped, maximumDelay)
        let factor = min(1, max(0.5, jitter))
        return capped * factor
    }
}
