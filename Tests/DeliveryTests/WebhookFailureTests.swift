import AsyncHTTPClient
import Delivery
import DialtoneTestSupport
import Foundation
import Testing
import Verification

/// What a webhook try reports when the receiver is not there, does not answer, or refuses the
/// signature: each try fails with its reason, every try is made, and the last reason is kept in
/// the dead letter.
@Suite("Webhooks: receivers that fail")
struct WebhookFailureTests {
    /// A receiver that fails in one way.
    enum Receiver: String, CaseIterable, CustomTestStringConvertible {
        /// Nothing listens on the port: the connection is refused.
        case refused
        /// The connection is taken (by the kernel's backlog) and the request sent, but no answer.
        case silent
        /// A receiver with another secret: 401 to every try.
        case wrongSecret

        var testDescription: String { rawValue }
        var reason: String {
            switch self {
            case .refused: "connection_failed"
            case .silent: "no_answer"
            case .wrongSecret: "http_401"
            }
        }
    }

    static let timeout = Duration.milliseconds(300)

    @Test("every try fails with its reason; the dead letter keeps the last", arguments: Receiver.allCases)
    func failingReceiver(_ kind: Receiver) async throws {
        let held = try HeldLoopbackPort()
        let silent = try HeldLoopbackPort(silent: true)
        let receiver = WebhookReceiver(
            secret: Array("another-secret-0123456789abcdef012345".utf8), failuresPerEvent: 0)
        try await receiver.start()
        defer { receiver.stop() }
        let url =
            switch kind {
            case .refused: "http://127.0.0.1:\(held.port)/events"
            case .silent: "http://127.0.0.1:\(silent.port)/events"
            case .wrongSecret: receiver.url("/events")
            }
        let state = InMemoryDeliveryStateStore()
        try await withClient { client in
            let poster = WebhookPoster(
                url: url, secret: WebhookTests.secret, client: client, store: state,
                backoff: CountingSleeper().backoff(RetryPolicy(attempts: 3, baseDelay: .zero)),
                requestTimeout: Self.timeout)
            let started = ContinuousClock.now
            let result = await poster.post(
                eventID: "evt_1", body: Array(#"{"event_id":"evt_1"}"#.utf8), keepBody: true,
                orderingKey: "v1")
            let elapsed = ContinuousClock.now - started
            #expect(result == .deadLettered(lastError: kind.reason))
            let letters = try await state.deadLetters(limit: 10)
            #expect(letters.count == 1)
            #expect(letters.first?.attempts == 3)
            #expect(letters.first?.lastError == kind.reason)
            #expect(letters.first?.body == Array(#"{"event_id":"evt_1"}"#.utf8))
            switch kind {
            case .silent: #expect(elapsed >= Self.timeout * 3)  // each try waited for its answer
            case .wrongSecret: #expect(receiver.state.withLock { $0.badSignatures } == 3)
            case .refused: break
            }
        }
    }
}
