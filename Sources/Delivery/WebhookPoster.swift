public import AsyncHTTPClient
public import Logging
import NIOCore
public import Verification

/// Posts signed JSON to one URL: each try carries `Dialtone-Signature` (a fresh timestamp) and
/// `Dialtone-Event-Id`; any answer but 2xx, or no answer, is tried again with backoff (delivery is
/// at least once: receivers de-duplicate on the event id), and after the last try a
/// `DeadLetter` is recorded in the `DeliveryStateStore`.
///
/// ``WebhookPoster/post(eventID:body:keepBody:orderingKey:)`` makes every try while its caller waits (message webhooks);
/// ``EventWebhookObserver`` makes one try at a time (``WebhookPoster/attempt(eventID:body:url:number:)``) and keeps the
/// tries in the store's outbox instead.
public struct WebhookPoster: Sendable {
    /// The receiver.
    public let url: String
    let signer: WebhookSigner
    let client: HTTPClient
    /// The tries and the waits between them.
    public let backoff: Backoff
    let clock: any VerificationClock
    /// Where dead letters are recorded.
    public let store: any DeliveryStateStore
    let requestTimeout: Duration
    let logger: Logger

    /// Creates a poster that records its dead letters in `store`.
    public init(
        url: String, secret: [UInt8], client: HTTPClient, store: any DeliveryStateStore,
        backoff: Backoff = .live(), clock: any VerificationClock = SystemVerificationClock(),
        requestTimeout: Duration = .seconds(10), logger: Logger = Logger(label: "dialtone.delivery.webhook")
    ) {
        self.url = url
        self.signer = WebhookSigner(secret: secret)
        self.client = client
        self.backoff = backoff
        self.clock = clock
        self.store = store
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    /// The result of posting one body.
    public enum Result: Sendable, Hashable {
        /// A 2xx answer came, after this many tries.
        case delivered(attempts: Int)
        /// Every try failed; a dead letter was recorded.
        case deadLettered(lastError: String)
    }

    /// Posts `body` (JSON) as event `eventID` until the receiver takes it or the tries run out.
    /// `keepBody` keeps the body in the dead letter (never for a body holding a code);
    /// `orderingKey` (a verification id) is recorded with it.
    public func post(
        eventID: String, body: [UInt8], keepBody: Bool, orderingKey: String? = nil
    ) async -> Result {
        let attempts = backoff.policy.attempts
        var lastError = ""
        for number in 1...attempts {
            switch await attempt(eventID: eventID, body: body, number: number) {
            case nil: return .delivered(attempts: number)
            case let reason?: lastError = reason
            }
            if number < attempts { await backoff.wait(afterAttempt: number) }
        }
        do {
            try await store.recordDeadLetter(
                DeadLetter(
                    eventID: eventID, orderingKey: orderingKey, url: url, body: keepBody ? body : nil,
                    attempts: attempts,
                    lastError: lastError, at: clock.now()))
        } catch {
            logger.error(
                "webhook: the dead letter could not be recorded",
                metadata: ["event": .string(LogReference.of(eventID)), "error": .string(error.identifier)])
        }
        logDeadLetter(eventID: eventID, lastError: lastError)
        return .deadLettered(lastError: lastError)
    }

    /// Makes one try (try number `number`, for the log) to `url` (nil: ``url``): nil when the
    /// receiver took it, else the failure (`http_500`, `connection_failed`, …).
    public func attempt(eventID: String, body: [UInt8], url: String? = nil, number: Int = 1) async -> String?
    {
        let metadata: Logger.Metadata = [
            "event": .string(LogReference.of(eventID)), "attempt": .stringConvertible(number),
        ]
        switch await send(eventID: eventID, body: body, url: url ?? self.url) {
        case .accepted:
            logger.debug("webhook: delivered", metadata: metadata)
            return nil
        case .refused(let reason), .retryable(let reason), .ambiguous(let reason):
            logger.warning(
                "webhook: try failed", metadata: metadata.merging(["reason": .string(reason)]) { $1 })
            return reason
        }
    }

    func logDeadLetter(eventID: String, lastError: String) {
        logger.error(
            "webhook: given up, dead letter recorded",
            metadata: ["event": .string(LogReference.of(eventID)), "reason": .string(lastError)])
    }

    private func send(eventID: String, body: [UInt8], url: String) async -> SendOutcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: WebhookSigner.eventIDHeaderName, value: eventID)
        request.headers.add(
            name: WebhookSigner.headerName,
            value: signer.header(body: body, timestamp: clock.now().milliseconds / 1000))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(
                request, timeout: .milliseconds(requestTimeout.wholeMilliseconds))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .status(response.status.code)
        } catch {
            return .error(error)
        }
    }
}
