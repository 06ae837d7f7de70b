import Foundation
import MessageTemplates
import Testing
import Verification

@testable import Delivery

/// The `sendsms` request built for a message, without a gateway.
@Suite("Kannel requests")
struct KannelRequestTests {
    static let configuration = KannelConfiguration(
        sendsmsURL: "http://127.0.0.1:13013/cgi-bin/sendsms", username: "dialtone", password: "p+&?ss",
        reports: KannelReportCallback(
            url: "http://127.0.0.1:8080/delivery/kannel/report",
            signer: DeliveryReportSigner(secret: testSecret)),
        maximumParts: 3)

    static func message(_ text: String, sender: String? = nil) -> OutboundMessage {
        OutboundMessage(
            id: "v1-1", verificationID: "v1", to: "+12015550123", kind: .sms, text: text, sender: sender,
            createdAt: Timestamp(milliseconds: 0))
    }

    /// The query's fields, decoded.
    static func fields(_ url: String) -> [String: String] {
        let query = url.split(separator: "?", maxSplits: 1).last.map(String.init) ?? ""
        var out: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            out[String(parts[0])] = parts.count > 1 ? String(parts[1]).removingPercentEncoding : ""
        }
        return out
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var encoding: SMSEncoding
        var parts: Int
        var coding: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "ASCII", text: "Your code is 123456", encoding: .gsm7, parts: 1, coding: nil),
        Case(
            name: "GSM-7 extension and accents", text: "Code: 1234 {ok} € é", encoding: .gsm7, parts: 1,
            coding: nil),
        Case(name: "Greek", text: "Ο κωδικός σας: 1234", encoding: .ucs2, parts: 1, coding: "2"),
        Case(name: "emoji", text: "Code 1234 🙂", encoding: .ucs2, parts: 1, coding: "2"),
        Case(
            name: "two GSM-7 parts", text: String(repeating: "a", count: 161), encoding: .gsm7, parts: 2,
            coding: nil),
        Case(
            name: "three UCS-2 parts", text: String(repeating: "ж", count: 201), encoding: .ucs2, parts: 3,
            coding: "2"),
    ]

    @Test("encoding from the SMS analysis, the text as it is, a signed report URL", arguments: cases)
    func request(_ example: Case) throws {
        let request = try KannelRequest.make(
            for: Self.message(example.text), configuration: Self.configuration)
        #expect(request.encoding == example.encoding)
        #expect(request.parts == example.parts)
        let fields = Self.fields(request.url)
        #expect(fields["text"] == example.text)
        #expect(fields["coding"] == example.coding)
        #expect(fields["charset"] == (example.coding == nil ? nil : "UTF-8"))
        #expect(fields["username"] == "dialtone")
        #expect(fields["password"] == "p+&?ss")
        #expect(fields["from"] == "Dialtone")
        #expect(fields["to"] == "+12015550123")
        #expect(fields["dlr-mask"] == "19")
        let report = try #require(fields["dlr-url"])
        #expect(report.hasPrefix("http://127.0.0.1:8080/delivery/kannel/report?v=v1&m=v1-1&k=sms&s="))
        #expect(report.hasSuffix("&type=%d"))
        let reportFields = Self.fields(report.replacingOccurrences(of: "%d", with: "2"))
        let parsed = try KannelDeliveryReport(
            query: reportFields, signer: DeliveryReportSigner(secret: testSecret))
        #expect(parsed.status == .failed)
        #expect(throws: KannelReportError.badSignature) {
            try KannelDeliveryReport(
                query: reportFields, signer: DeliveryReportSigner(secret: Array("other".utf8)))
        }
    }

    @Test("a text longer than the parts allowed is refused before sending")
    func tooLong() {
        #expect(throws: DeliveryFailure.refused("too_many_parts")) {
            try KannelRequest.make(
                for: Self.message(String(repeating: "a", count: 460)), configuration: Self.configuration)
        }
    }

    @Test(
        "report types",
        arguments: [
            (1, DeliveryReportStatus?.some(.delivered)), (2, .failed), (16, .failed), (4, nil), (8, nil),
        ])
    func reportTypes(_ type: Int, _ status: DeliveryReportStatus?) throws {
        let signer = DeliveryReportSigner(secret: testSecret)
        let signature = signer.signature(verificationID: "v", messageID: "v-1", kind: .sms)
        let report = try KannelDeliveryReport(
            query: ["v": "v", "m": "v-1", "k": "sms", "s": signature, "type": "\(type)"], signer: signer)
        #expect(report.status == status)
    }

    @Test("retry delays double up to the maximum, shortened by the jitter")
    func retryDelays() {
        let policy = RetryPolicy(
            attempts: 5, baseDelay: .milliseconds(100), maximumDelay: .milliseconds(500), jitter: 0.5)
        #expect(
            (1...5).map { policy.delay(afterAttempt: $0, unit: 0) } == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500),
                .milliseconds(500),
            ])
        #expect(policy.delay(afterAttempt: 1, unit: 0.999_999) > .milliseconds(50))
        #expect(policy.delay(afterAttempt: 3, unit: 1) == .milliseconds(200))
    }

    @Test("voice script: digits one by one, said twice")
    func voiceScript() {
        #expect(VoiceScript.render(code: "4567") == "Your code is 4, 5, 6, 7. Again: 4, 5, 6, 7.")
    }
}
