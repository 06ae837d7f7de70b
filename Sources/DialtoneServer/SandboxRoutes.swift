import Foundation
import Hummingbird
import MessageTemplates
import Verification

/// The sandbox's own routes: the journal, the virtual clock and a reset.
struct SandboxRoutes: Sendable {
    let engine: VerificationEngine
    let journal: any MessageJournal
    let clock: VirtualClock
    let eventLog: SandboxEventLog?

    /// One journal entry as `GET /sandbox/messages` shows it.
    struct Message: Encodable {
        let id: String
        let to: String
        let channel: String
        let text: String
        let sender: String?
        let sentAt: String
        let verificationID: String
        /// SMS only: `gsm7` or `ucs2` (MessageTemplates' ``SMSAnalysis``).
        let encoding: String?
        /// SMS only: the parts the text is sent in.
        let segments: Int?
        enum CodingKeys: String, CodingKey {
            case id, to, channel, text, sender, encoding, segments
            case sentAt = "sent_at"
            case verificationID = "verification_id"
        }
    }

    struct Advance: Decodable {
        let seconds: Int
    }

    struct ClockState: Encodable {
        let now: String
        let stepsRun: Int
        enum CodingKeys: String, CodingKey {
            case now
            case stepsRun = "steps_run"
        }
    }

    func register(on router: Router<ServerContext>) {
        router.get("/sandbox/messages") { request, _ in try await messages(request) }
        router.post("/sandbox/clock/advance") { request, context in try await advance(request, context) }
        router.post("/sandbox/reset") { _, _ in try await reset() }
        if let eventLog {
            SandboxInboxRoutes(engine: engine, clock: clock, eventLog: eventLog).register(on: router)
        }
    }

    /// `to` from the query, at most 32 characters.
    static func number(_ request: Request) throws -> String? {
        let to = request.uri.queryParameters["to"].map(String.init)
        if let to, to.count > 32 {
            throw APIError.validation([
                .init(field: "to", rule: "max_length", message: "to must be at most 32 characters")
            ])
        }
        return to
    }

    func messages(_ request: Request) async throws -> Response {
        let to = try Self.number(request)
        let entries: [OutboundMessage]
        do {
            entries = try await journal.entries(to: to, limit: MessageJournalLimits.capacity)
        } catch {
            throw APIError.unavailable(error.identifier)
        }
        return try JSONResponse.make(
            entries.map {
                let analysis = $0.kind == .sms ? SMSAnalysis($0.text) : nil
                return Message(
                    id: $0.id, to: $0.to, channel: $0.kind.rawValue, text: $0.text, sender: $0.sender,
                    sentAt: $0.createdAt.description, verificationID: $0.verificationID,
                    encoding: analysis?.encoding.rawValue, segments: analysis?.segments)
            })
    }

    func advance(_ request: Request, _ context: ServerContext) async throws -> Response {
        let body = try await RequestDecoding.decode(Advance.self, from: request, context: context)
        guard (0...86_400 * 366).contains(body.seconds) else {
            throw APIError.validation([
                .init(field: "seconds", rule: "range", message: "seconds must be from 0 to 31622400")
            ])
        }
        clock.advance(by: .seconds(body.seconds))
        let steps: Int
        do {
            steps = try await engine.runDueSteps()
        } catch {
            throw APIError.engine(error)
        }
        return try JSONResponse.make(ClockState(now: clock.now().description, stepsRun: steps))
    }

    func reset() async throws -> Response {
        do {
            try await journal.resetSandbox()
            eventLog?.removeAll()
        } catch {
            throw APIError.unavailable(error.identifier)
        }
        return try JSONResponse.make(["reset": true])
    }
}
