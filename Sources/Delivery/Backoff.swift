/// A ``RetryPolicy`` with the two things it needs from outside, passed in so that tests run
/// without waiting: how to wait and where the jitter's randomness comes from.
public struct Backoff: Sendable {
    /// The policy.
    public var policy: RetryPolicy
    /// Waits for a duration (returns early when the task is cancelled).
    public var sleep: @Sendable (Duration) async -> Void
    /// A random number in `0..<1`.
    public var unit: @Sendable () -> Double

    /// Creates a backoff.
    public init(
        policy: RetryPolicy, sleep: @escaping @Sendable (Duration) async -> Void,
        unit: @escaping @Sendable () -> Double
    ) {
        self.policy = policy
        self.sleep = sleep
        self.unit = unit
    }

    /// `policy` with `Task.sleep` and the system's random numbers.
    public static func live(_ policy: RetryPolicy = RetryPolicy()) -> Backoff {
        Backoff(
            policy: policy, sleep: { try? await Task.sleep(for: $0) },
            unit: { Double.random(in: 0..<1) })
    }

    /// Waits the policy's delay after failed try `attempt`.
    func wait(afterAttempt attempt: Int) async {
        await sleep(policy.delay(afterAttempt: attempt, unit: unit()))
    }
}
