import Foundation
import Verification

/// The JSON bodies the webhooks carry (keys in snake_case, sorted).
enum WebhookPayload {
    /// A message to send: `{"event_id", "type": "message.sms" | "message.call", "created_at",
    /// "message": {"id", "verification_id", "to", "kind", "text", "sender"}}`. Its text holds the
    /// code: it goes to the operator's own gateway only.
    struct Message: Encodable {
        struct Body: Encodable {
            var id: String
            var verificationID: String
            var to: String
            var kind: String
            var text: String
            var sender: String?

            enum CodingKeys: String, CodingKey {
                case id, to, kind, text, sender
                case verificationID = "verification_id"
            }
        }

        var eventID: String
        var type: String
        var createdAt: Int64
        var message: Body

        enum CodingKeys: String, CodingKey {
            case type, message
            case eventID = "event_id"
            case createdAt = "created_at"
        }

        init(_ message: OutboundMessage) {
            eventID = message.id
            type = "message.\(message.kind.rawValue)"
            createdAt = message.createdAt.milliseconds
            self.message = Body(
                id: message.id, verificationID: message.verificationID, to: message.to,
                kind: message.kind.rawValue, text: message.text, sender: message.sender)
        }
    }

    /// A lifecycle event: `{"event_id", "type": "verification.<kind>", "verification_id",
    /// "flow", "provider", "region", "at" (milliseconds), and per kind "channel", "reason", "step",
    /// "rule", "enforced"}`. It never holds a code.
    struct Event: Encodable {
        var eventID: String
        var type: String
        var verificationID: String?
        var flow: String
        var provider: String
        var region: String?
        var at: Int64
        var channel: String?
        var reason: String?
        var step: Int?
        var rule: String?
        var enforced: Bool?

        enum CodingKeys: String, CodingKey {
            case type, flow, provider, region, at, channel, reason, step, rule, enforced
            case eventID = "event_id"
            case verificationID = "verification_id"
        }

        init(_ event: VerificationEvent, eventID: String) {
            self.eventID = eventID
            type = "verification.\(event.kind.identifier)"
            verificationID = event.verificationID
            flow = event.flow.rawValue
            provider = event.flow.provider
            region = event.region
            at = event.at.milliseconds
            switch event.kind {
            case .sent(let kind), .delivered(let kind):
                channel = kind.rawValue
            case .deliveryFailed(let kind, let reason):
                channel = kind.rawValue
                self.reason = reason
            case .escalated(let step):
                self.step = step
            case .rejected(let reason):
                self.reason = reason.rawValue
            case .throttled(let rule, let enforced):
                self.rule = rule.rawValue
                self.enforced = enforced
            case .started, .approved, .expired:
                break
            }
        }
    }

    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }
}
