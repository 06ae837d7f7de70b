import Synchronization

/// The last time an exchange made progress, shared by the exchange and its watchdog.
final class ProgressMark: Sendable {
    private let instant: Mutex<ContinuousClock.Instant>

    /// Starts with `instant` as the last progress.
    init(_ instant: ContinuousClock.Instant) {
        self.instant = Mutex(instant)
    }

    /// Records progress now.
    func touch() {
        let now = ContinuousClock.now
        instant.withLock { $0 = now }
    }

    /// The last progress.
    var last: ContinuousClock.Instant { instant.withLock { $0 } }
}
