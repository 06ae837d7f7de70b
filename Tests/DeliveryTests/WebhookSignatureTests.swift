import Delivery
import Foundation
import Testing

/// ``WebhookVerifier`` as a receiver uses it.
@Suite("Webhook signatures")
struct WebhookSignatureTests {
    static let secret = Array("a-webhook-secret-of-32-bytes-or-more!!".utf8)
    static let body = Array(#"{"event_id":"evt_1","type":"verification.started"}"#.utf8)
    static let now: Int64 = 1_800_000_000

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var header: String?
        var body: [UInt8]
        var error: WebhookVerificationError?
        var testDescription: String { name }
    }

    static var cases: [Case] {
        let signer = WebhookSigner(secret: secret)
        let other = WebhookSigner(secret: Array("another-secret-another-secret-xx".utf8))
        let valid = signer.header(body: body, timestamp: now)
        let stale = signer.header(body: body, timestamp: now - 301)
        let v1 = String(valid.split(separator: ",")[1])
        return [
            Case(name: "valid", header: valid, body: body, error: nil),
            Case(
                name: "valid, 300 s early", header: signer.header(body: body, timestamp: now + 300),
                body: body, error: nil),
            Case(
                name: "rotation: the second v1 matches",
                header: other.header(body: body, timestamp: now) + "," + v1, body: body, error: nil),
            Case(name: "body changed", header: valid, body: body + [0x20], error: .badSignature),
            Case(
                name: "other secret", header: other.header(body: body, timestamp: now), body: body,
                error: .badSignature),
            Case(name: "stale", header: stale, body: body, error: .timestampOutOfTolerance),
            Case(name: "no header", header: nil, body: body, error: .missingHeader),
            Case(name: "no signature", header: "t=\(now)", body: body, error: .malformedHeader),
            Case(name: "garbage", header: "nonsense", body: body, error: .malformedHeader),
            Case(
                name: "timestamp moved",
                header: valid.replacingOccurrences(of: "t=\(now)", with: "t=\(now + 1)"),
                body: body, error: .badSignature),
        ]
    }

    @Test("verify", arguments: cases)
    func verify(_ example: Case) {
        let verifier = WebhookVerifier(secret: Self.secret)
        do {
            try verifier.verify(body: example.body, header: example.header, now: Self.now)
            #expect(example.error == nil)
        } catch {
            #expect(error == example.error)
        }
    }

    @Test("the header's form: t=SECONDS,v1=64 hex digits")
    func form() {
        let header = WebhookSigner(secret: Self.secret).header(body: Self.body, timestamp: Self.now)
        let parts = header.split(separator: ",")
        #expect(parts.count == 2)
        #expect(parts[0] == "t=\(Self.now)")
        #expect(parts[1].hasPrefix("v1="))
        #expect(parts[1].dropFirst(3).count == 64)
        #expect(parts[1].dropFirst(3).allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }
}
