/// A rate limit: at most `count` per `window`, smoothed by the generic cell rate algorithm (GCRA,
/// ITU-T I.371): a burst of `count`, then one more every `window / count`.
///
/// The store keeps one number per key, the theoretical arrival time `tat`. A request at `now`
/// is allowed when `max(tat, now) + window / count - now ≤ window`, and then sets
/// `tat = max(tat, now) + window / count`; one conditional upsert does both, so the limit holds
/// across instances.
public struct RateLimit: Sendable, Hashable {
    /// Requests allowed per window (at least 1).
    public var count: Int
    /// The window.
    public var window: Duration

    /// Creates a limit of `count` per `window`.
    public init(count: Int, per window: Duration) {
        self.count = max(1, count)
        self.window = window
    }

    /// The time one request adds to the key's `tat`, in milliseconds (at least 1).
    public var intervalMilliseconds: Int64 { milliseconds.interval }
    /// The window in milliseconds.
    public var windowMilliseconds: Int64 { milliseconds.window }

    /// The interval and the window in milliseconds, from one conversion of `window` (a
    /// `Duration` holds 128-bit attoseconds: reading its milliseconds is a 128-bit division).
    @inline(__always)
    private var milliseconds: (interval: Int64, window: Int64) {
        let window = window.wholeMilliseconds
        let interval = max(1, window / Int64(count))
        return (interval, max(interval, window))
    }

    /// The decision for a key whose stored `tat` is `tat` (nil: never used) at `now`, and the new
    /// `tat` when allowed. Stores that keep the state in memory use this; SQL stores compute the
    /// same in their upsert.
    public func decide(tat: Int64?, now: Timestamp) -> (decision: RateDecision, newTAT: Int64?) {
        let (interval, window) = milliseconds
        let base = max(tat ?? now.milliseconds, now.milliseconds)
        let next = base + interval
        if next - now.milliseconds <= window { return (.allowed, next) }
        return (.refused(retryAfter: .milliseconds(next - window - now.milliseconds)), nil)
    }

    /// The retry-after for a refused request when the key's `tat` is `tat`.
    public func retryAfter(tat: Int64, now: Timestamp) -> Duration {
        let (interval, window) = milliseconds
        return .milliseconds(max(1, max(tat, now.milliseconds) + interval - window - now.milliseconds))
    }
}

/// The answer of a rate limit.
public enum RateDecision: Sendable, Hashable {
    /// Allowed; one unit was taken.
    case allowed
    /// Refused; nothing was taken. Try again after `retryAfter`.
    case refused(retryAfter: Duration)
}
