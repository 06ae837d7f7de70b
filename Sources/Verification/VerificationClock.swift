#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The engine's source of time, passed in: the system clock in production, a ``VirtualClock`` in
/// tests and in the sandbox.
public protocol VerificationClock: Sendable {
    /// The current moment.
    func now() -> Timestamp
}

/// The system's real-time clock (`CLOCK_REALTIME`).
public struct SystemVerificationClock: VerificationClock {
    /// Creates the clock.
    public init() {}

    /// The current wall-clock time.
    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }
}

/// A clock that moves only when told to: tests and the sandbox advance it to reach the edges of
/// a flow (the iDenfy call at 2:00, expiry at 5:00) without waiting.
public final class VirtualClock: VerificationClock {
    private let current: Locked<Timestamp>

    /// Creates a clock that reads `start` until it is advanced.
    public init(start: Timestamp = Timestamp(seconds: 1_767_225_600)) {
        current = Locked(start)
    }

    /// The clock's current reading.
    public func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock forward by `duration` (a negative duration is ignored) and returns the new
    /// reading.
    @discardableResult
    public func advance(by duration: Duration) -> Timestamp {
        current.withLock {
            $0 = $0.adding(duration > .zero ? duration : .zero)
            return $0
        }
    }
}
