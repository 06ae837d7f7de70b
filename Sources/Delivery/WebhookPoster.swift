public import AsyncHTTPClient
public import Logging
import NIOCore
public import Verification

/// Posts signed JSON to one URL: each try carries `Dialtone-Signature` (a fresh timestamp) and
/// `Dialtone-Event-Id`; any answer but 2xx, or no answer, is tried again with backoff (delivery is
/// at least once: receivers de-duplicate on the event id), and after the last try a
/// ``DeadLetter`` is recorded.
public struct WebhookPoster: Sendable {
    /// The receiver.
    public let url: String
    let signer: WebhookSigner
    let client: HTTPClient
    let backoff: Backoff
    let clock: any VerificationClock
    let deadLetters: any DeadLetterStore
    let requestTimeout: Duration
    let logger: Logger

    /// Creates a poster.
    public init(
        url: String, secret: [UInt8], client: HTTPClient, backoff: Backoff = .live(),
        clock: any VerificationClock = SystemVerificationClock(),
        deadLetters: any DeadLetterStore = InMemoryDeadLetters(), requestTimeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "dialtone.delivery.webhook")
    ) {
        self.url = url
        self.signer = WebhookSigner(secret: secret)
        self.client = client
        self.backoff = backoff
        self.clock = clock
        self.deadLetters = deadLetters
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
    /// `keepBody` keeps the body in the dead letter (never for a body holding a code).
    public func post(eventID: String, body: [UInt8], keepBody: Bool) async -> Result {
        let attempts = backoff.policy.attempts
        var lastError = ""
        for attempt in 1...attempts {
            let outcome = await send(eventID: eventID, body: body)
            let metadata: Logger.Metadata = [
                "event": .string(LogReference.of(eventID)), "attempt": .stringConvertible(attempt),
            ]
            switch outcome {
            case .accepted:
                logger.debug("webhook: delivered", metadata: metadata)
                return .delivered(attempts: attempt)
            case .refused(let reason), .retryable(let reason), .ambiguous(let reason):
                lastError = reason
                logger.warning(
                    "webhook: try failed", metadata: metadata.merging(["reason": .string(reason)]) { $1 })
            }
            if attempt < attempts { await backoff.wait(afterAttempt: attempt) }
        }
        await deadLetters.record(
            DeadLetter(
                eventID: eventID, url: url, body: keepBody ? body : nil, attempts: attempts,
                lastError: lastError,
                at: clock.now()))
        logger.error(
            "webhook: given up, dead letter recorded",
            metadata: ["event": .string(LogReference.of(eventID)), "reason": .string(lastError)])
        return .deadLettered(lastError: lastError)
    }

    private func send(eventID: String, body: [UInt8]) async -> SendOutcome {
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
