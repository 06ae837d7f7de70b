public import Verification

/// Hands every event to several observers, in order.
public struct ObserverFanOut: VerificationObserver {
    /// The observers.
    public let observers: [any VerificationObserver]

    /// Creates a fan-out.
    public init(_ observers: [any VerificationObserver]) {
        self.observers = observers
    }

    /// Records `event` with each observer in turn.
    public func record(_ event: VerificationEvent) async {
        for observer in observers { await observer.record(event) }
    }
}
