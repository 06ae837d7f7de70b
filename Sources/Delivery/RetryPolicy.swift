/// How a channel retries a request that did not get through: `attempts` tries in all, waiting
/// `baseDelay · 2^(n-1)` (at most ``maximumDelay``) after failed try `n`, each wait shortened by a
/// random share of up to ``jitter`` so that many senders do not retry in step.
public struct RetryPolicy: Sendable, Hashable {
    /// Tries in all, the first included (at least 1).
    public var attempts: Int
    /// The wait after the first failed try.
    public var baseDelay: Duration
    /// The longest wait.
    public var maximumDelay: Duration
    /// The share of each wait (0...1) that is random: 0.5 waits between half and all of it.
    public var jitter: Double

    /// Creates a policy.
    public init(
        attempts: Int = 4, baseDelay: Duration = .milliseconds(250), maximumDelay: Duration = .seconds(5),
        jitter: Double = 0.5
    ) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.jitter = min(1, max(0, jitter))
    }

    /// The wait after failed try `attempt` (1-based), for a random `unit` in `0..<1`.
    public func delay(afterAttempt attempt: Int, unit: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let full = min(baseDelay * (1 << exponent), maximumDelay)
        let share = 1 - jitter * min(1, max(0, unit))
        return full * share
    }
}
