import Foundation
import HTTPTypes
import Hummingbird
import Verification

/// The sandbox's inbox page (`GET /sandbox/`, its script and style sheet) and the verifications it
/// shows (`GET /sandbox/verifications`): state from the store, timeline from this instance's
/// ``SandboxEventLog``. A timeline never holds a code; codes appear only in the messages' text.
struct SandboxInboxRoutes: Sendable {
    let engine: VerificationEngine
    let clock: VirtualClock
    let eventLog: SandboxEventLog

    /// Verifications answered at most.
    static let limit = 100

    /// The page's policy: everything from this origin only, no inline script or style, no framing.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"

    /// `GET /sandbox/verifications`.
    struct Listing: Encodable {
        let now: String
        let verifications: [Item]
    }

    /// One verification with its timeline.
    struct Item: Encodable {
        let id: String
        let flow: String
        let to: String
        let state: String
        let attempts: Int
        let maxAttempts: Int
        let createdAt: String
        let expiresAt: String
        let timeline: [Entry]
        enum CodingKeys: String, CodingKey {
            case id, flow, to, state, attempts, timeline
            case maxAttempts = "max_attempts"
            case createdAt = "created_at"
            case expiresAt = "expires_at"
        }
    }

    /// One event of a timeline.
    struct Entry: Encodable {
        let at: String
        let event: String
        let channel: String?
        let step: Int?
        let reason: String?

        init(_ event: VerificationEvent) {
            at = event.at.description
            self.event = event.kind.identifier
            var channel: String?
            var step: Int?
            var reason: String?
            switch event.kind {
            case .sent(let kind), .delivered(let kind): channel = kind.rawValue
            case .deliveryFailed(let kind, _): channel = kind.rawValue
            case .escalated(let number): step = number
            case .rejected(let why): reason = why.rawValue
            case .throttled(let rule, _): reason = rule.rawValue
            case .started, .approved, .expired: break
            }
            self.channel = channel
            self.step = step
            self.reason = reason
        }
    }

    func register(on router: Router<ServerContext>) {
        router.get("/sandbox/") { _, _ in Self.asset(InboxPage.html, type: "text/html; charset=utf-8") }
        router.get("/sandbox/inbox.js") { _, _ in
            Self.asset(InboxPage.script, type: "text/javascript; charset=utf-8")
        }
        router.get("/sandbox/inbox.css") { _, _ in
            Self.asset(InboxPage.style, type: "text/css; charset=utf-8")
        }
        router.get("/sandbox/verifications") { request, _ in try await verifications(request) }
    }

    /// A page asset with the security headers.
    static func asset(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func verifications(_ request: Request) async throws -> Response {
        let to = try SandboxRoutes.number(request)
        var items: [Item] = []
        for id in eventLog.recentVerificationIDs(limit: Self.limit) {
            let found: VerificationRecord?
            do {
                found = try await engine.store.verification(id: id)
            } catch {
                throw APIError.unavailable(error.identifier)
            }
            guard let record = found, to == nil || record.phoneNumber == to else { continue }
            items.append(
                Item(
                    id: record.id, flow: record.flow.rawValue, to: record.phoneNumber,
                    state: record.state.rawValue, attempts: record.attempts, maxAttempts: record.maxAttempts,
                    createdAt: record.createdAt.description, expiresAt: record.expiresAt.description,
                    timeline: eventLog.events(of: id).map(Entry.init)))
        }
        return try JSONResponse.make(Listing(now: clock.now().description, verifications: items))
    }
}
