import AsyncHTTPClient
import Delivery
import DialtoneTestSupport
import Foundation
import Logging
import Synchronization
import Verification

/// A secret for the tests' engines and signers.
let testSecret = Array("dialtone-delivery-tests-secret-0123456789".utf8)

/// A backoff that does not wait but counts the waits it was asked for.
final class CountingSleeper: Sendable {
    let waits = Mutex<[Duration]>([])

    func backoff(_ policy: RetryPolicy) -> Backoff {
        Backoff(
            policy: policy, sleep: { duration in self.waits.withLock { $0.append(duration) } },
            unit: { 0.5 })
    }

    var count: Int { waits.withLock { $0.count } }
}

/// Runs `body` with a delivery HTTP client, shut down afterwards.
func withClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
    let client = DeliveryHTTPClient.make()
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// An engine on an in-memory store with `channel`, the sandbox's fixed codes for
/// `+1 201 555 011x` numbers (`123456` for PhoneMatch), and `observer`.
func makeEngine(channel: any DeliveryChannel, observer: any VerificationObserver) throws -> VerificationEngine
{
    VerificationEngine(
        store: InMemoryVerificationStore(), channel: channel, clock: SystemVerificationClock(),
        keys: try VerificationKeys(secret: testSecret), observer: observer,
        codes: .sandbox(fixedCodePrefixes: ["+1201555011"]))
}
