import Foundation
import Verification

/// Keeps every engine event and lets a test wait (bounded) for the one it expects.
actor EventRecorder: VerificationObserver {
    private(set) var events: [VerificationEvent] = []
    private var waiters:
        [(
            id: Int, predicate: @Sendable ([VerificationEvent]) -> Bool,
            continuation: CheckedContinuation<Bool, Never>
        )] = []
    private var nextID = 0

    func record(_ event: VerificationEvent) {
        events.append(event)
        let ready = waiters.filter { $0.predicate(events) }
        waiters.removeAll { waiter in ready.contains { $0.id == waiter.id } }
        for waiter in ready { waiter.continuation.resume(returning: true) }
    }

    /// Waits until `predicate` holds for the events so far, at most `timeout`; returns whether it did.
    func wait(
        timeout: Duration = .seconds(10), until predicate: @escaping @Sendable ([VerificationEvent]) -> Bool
    ) async -> Bool {
        if predicate(events) { return true }
        nextID += 1
        let id = nextID
        return await withCheckedContinuation { continuation in
            waiters.append((id, predicate, continuation))
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
        }
    }

    private func expire(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }

    /// The events' identifiers for one verification, in order.
    func kinds(of id: String) -> [String] {
        events.filter { $0.verificationID == id }.map(\.kind.identifier)
    }
}
