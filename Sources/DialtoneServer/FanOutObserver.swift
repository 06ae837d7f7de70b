import Verification

/// Passes every event to each of its observers in turn (the metrics, and in the sandbox the
/// inbox page's event log).
struct FanOutObserver: VerificationObserver {
    let observers: [any VerificationObserver]

    func record(_ event: VerificationEvent) async {
        for observer in observers { await observer.record(event) }
    }
}
