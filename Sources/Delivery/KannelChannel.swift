public import AsyncHTTPClient
public import Logging
import NIOCore
public import Verification

/// Sends SMS through Kannel's `sendsms` HTTP interface (see `KannelRequest` for the encoding).
///
/// Kannel unreachable or answering 5xx: up to ``RetryPolicy/attempts`` tries with exponential
/// backoff and jitter, then `DeliveryFailure.unreachable(_:)`. A 4xx answer is
/// `DeliveryFailure.refused(_:)` at once. Once Kannel has accepted a message, a repeat of it
/// (same `OutboundMessage.id`) is not sent again, also after a restart or by another instance:
/// the accepted ids are kept in the `DeliveryStateStore` (a message is claimed there before it is
/// sent, and marked accepted when Kannel took it). A try whose answer never came is not repeated
/// either, since Kannel may have taken it.
public struct KannelChannel: DeliveryChannel {
    /// Where Kannel is.
    public let configuration: KannelConfiguration
    let client: HTTPClient
    let backoff: Backoff
    let logger: Logger
    let accepted: AcceptedMessages

    /// Creates a channel that sends with `client` (see ``DeliveryHTTPClient/make()``) and keeps
    /// the ids of accepted messages in `store`.
    public init(
        configuration: KannelConfiguration, client: HTTPClient, store: any DeliveryStateStore,
        backoff: Backoff? = nil, clock: any VerificationClock = SystemVerificationClock(),
        logger: Logger = Logger(label: "dialtone.delivery.kannel")
    ) {
        self.configuration = configuration
        self.client = client
        let backoff = backoff ?? .live(configuration.retry)
        self.backoff = backoff
        self.logger = logger
        // A sender holds a message for every try and every wait, and then some.
        let policy = backoff.policy
        let lease = (configuration.requestTimeout + policy.maximumDelay) * policy.attempts + .seconds(30)
        self.accepted = AcceptedMessages(store: store, clock: clock, lease: lease, logger: logger)
    }

    /// Sends one SMS; a call is `DeliveryFailure.noChannel(_:)`.
    public func deliver(_ message: OutboundMessage) async throws(DeliveryFailure) {
        guard message.kind == .sms else { throw .noChannel(message.kind) }
        let request = try KannelRequest.make(for: message, configuration: configuration)
        var metadata: Logger.Metadata = [
            "message": .string(LogReference.of(message.id)), "encoding": .string(request.encoding.rawValue),
            "parts": .stringConvertible(request.parts),
        ]
        guard try await accepted.claim(message.id) else {
            logger.info("kannel: message already accepted, not sent again", metadata: metadata)
            return
        }
        let attempts = backoff.policy.attempts
        for attempt in 1...attempts {
            metadata["attempt"] = .stringConvertible(attempt)
            let outcome = await send(request)
            switch outcome {
            case .accepted:
                await accepted.accept(message.id)
                logger.info("kannel: accepted", metadata: metadata)
                return
            case .refused(let reason):
                await accepted.release(message.id)
                logger.warning(
                    "kannel: refused", metadata: metadata.merging(["reason": .string(reason)]) { $1 })
                throw .refused("kannel_\(reason)")
            case .ambiguous(let reason):
                await accepted.release(message.id)
                logger.warning(
                    "kannel: no answer, not retried (it may have been taken)",
                    metadata: metadata.merging(["reason": .string(reason)]) { $1 })
                throw .unreachable("kannel_\(reason)")
            case .retryable(let reason):
                logger.warning(
                    "kannel: try failed", metadata: metadata.merging(["reason": .string(reason)]) { $1 })
                if attempt == attempts {
                    await accepted.release(message.id)
                    throw .unreachable("kannel_\(reason)")
                }
                await backoff.wait(afterAttempt: attempt)
            }
        }
    }

    private func send(_ request: KannelRequest) async -> SendOutcome {
        var http = HTTPClientRequest(url: request.url)
        http.method = .GET
        // A fresh connection per message: a kept-alive connection that Kannel has closed meanwhile
        // would fail after the request was written, which is an ambiguous try that is not repeated.
        http.headers.add(name: "Connection", value: "close")
        do {
            let response = try await client.execute(
                http, timeout: .milliseconds(configuration.requestTimeout.wholeMilliseconds))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .status(response.status.code)
        } catch {
            return .error(error)
        }
    }
}
