import DialtoneServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import Verification

/// Complete flows of both providers through the router, reading codes from the sandbox journal.
@Suite("Server flows")
struct FlowRouteTests {
    static let initial = """
        {"user": "user@company.com", "pass": "PASSWORD", "service": "PhoneMatch5.0.SMS", "reference": "12345",
         "options": {"outofband": {"message": "Hello {fn}, your one-time password is {pin}",
           "do_not_send_to_types": ["voip"], "country": {"whitelist": ["US", "GB"]}}},
         "target": {"fn": "John", "ln": "Smith", "phone": "2015106000"}}
        """

    @Test("PhoneMatch SMS: PENDING with a token, PASS with the journal's code, then the status")
    func phoneMatch() async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            let tokenBox = TokenBox()
            try await client.post("/process/comprehensive/gateway", json: Self.initial) { response in
                #expect(response.status == .ok)
                let json = response.json
                let result = json["result"] as? [String: Any]
                #expect(result?["action"] as? String == "PENDING")
                #expect(result?["detail"] as? String == "TRANSACTION REQUIRES FURTHER ATTENTION")
                let meta = json["meta"] as? [String: Any]
                #expect(meta?["reference"] as? String == "12345")
                #expect(meta?["service"] as? String == "PhoneMatch5.0.SMS")
                #expect(meta?["company"] as? String == "Company ABC, Inc.")
                #expect((meta?["timestamp"] as? String)?.count == 19)
                let continuation = (json["continuations"] as? [String: Any])?["outofband"] as? [String: Any]
                #expect(continuation?["url"] as? String == "/process/continue")
                let template = continuation?["template"] as? [String: Any]
                #expect((template?["codematch"] as? [String: Any])?["key"] is NSNull)
                tokenBox.set(template?["token"] as? String ?? "")
            }
            let token = tokenBox.value
            #expect(token.count == 32)
            let code = try await server.lastCode(to: "+12015106000")
            #expect(
                try await server.lastText(to: "+12015106000")
                    == "Hello John, your one-time password is \(code)")
            try await client.post(
                "/process/continue", json: #"{"token": "\#(token)", "codematch": {"key": "\#(code)"}}"#
            ) { response in
                #expect(response.status == .ok)
                let json = response.json
                #expect((json["result"] as? [String: Any])?["action"] as? String == "PASS")
                #expect((json["result"] as? [String: Any])?["detail"] as? String == "ALL CHECKS PASSED")
                #expect(
                    ((json["output"] as? [String: Any])?["codematch"] as? [String: Any])?["key_matched"]
                        as? Bool == true)
                #expect((json["final"] as? [String: Any])?["url"] as? String == "/process/status")
            }
            try await client.execute(uri: "/process/status?token=\(token)", method: .get) { response in
                #expect(response.status == .ok)
                #expect((response.json["result"] as? [String: Any])?["action"] as? String == "PASS")
            }
            // Spent: the same code again is FAIL.
            try await client.post(
                "/process/continue", json: #"{"token": "\#(token)", "codematch": {"key": "\#(code)"}}"#
            ) { response in
                #expect(
                    (response.json["result"] as? [String: Any])?["detail"] as? String
                        == "FAILED OUT-OF-BAND CHECK")
            }
        }
    }

    @Test(
        "PhoneMatch FAIL answers are 200 with the documents' detail",
        arguments: [
            (#""phone": "12345""#, "", "DATA CHECK FAILED"),
            (
                #""phone": "+442079460958""#, #""do_not_send_to_types": ["landline"]"#,
                "SUPPRESSED SENDING CODE"
            ),
            (#""phone": "+12015550101""#, "", "FAILED TO SEND TO NUMBER"),
        ])
    func phoneMatchFail(_ phone: String, _ options: String, _ detail: String) async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            let body = """
                {"user": "user@company.com", "pass": "PASSWORD", "service": "PhoneMatch5.0.SMS",
                 "options": {"outofband": {\(options)}}, "target": {"fn": "A", "ln": "B", \(phone)}}
                """
            try await client.post("/process/comprehensive/gateway", json: body) { response in
                #expect(response.status == .ok)
                #expect((response.json["result"] as? [String: Any])?["action"] as? String == "FAIL")
                #expect((response.json["result"] as? [String: Any])?["detail"] as? String == detail)
                #expect(response.json["continuations"] == nil)
            }
        }
    }

    @Test("iDenfy: send-sms, the call at 2:00 from the virtual clock, verify-sms true once")
    func idenfy() async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            let idBox = TokenBox()
            try await client.post(
                "/fraud/send-sms", json: #"{"phone_number": "+12025550163", "sender_name": "The Sender"}"#,
                headers: [.authorization: ServerHarness.basic]
            ) { response in
                #expect(response.status == .ok)
                idBox.set(response.json["request_id"] as? String ?? "")
            }
            let id = idBox.value
            #expect(id.count == 32)
            let code = try await server.lastCode(to: "+12025550163")
            #expect(
                try await server.lastText(to: "+12025550163")
                    == "The Sender code: \(code). Valid for 5 minutes.")
            try await client.post("/sandbox/clock/advance", json: #"{"seconds": 120}"#) { response in
                #expect(response.status == .ok)
                #expect(response.json["steps_run"] as? Int == 1)
            }
            try await client.execute(uri: "/sandbox/messages?to=%2B12025550163", method: .get) { response in
                let messages =
                    (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)))
                    as? [[String: Any]] ?? []
                #expect(messages.map { $0["channel"] as? String } == ["sms", "call"])
                #expect(messages.last?["text"] as? String == VoiceScript.render(code: code))
                #expect(
                    messages.allSatisfy { $0["to"] as? String == "+12025550163" && $0["sent_at"] is String })
            }
            for expected in [true, false] {
                try await client.post(
                    "/fraud/verify-sms", json: #"{"request_id": "\#(id)", "received_code": "\#(code)"}"#,
                    headers: [.authorization: ServerHarness.basic]
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["is_verified"] as? Bool == expected)
                }
            }
        }
    }

    @Test("Sandbox magic numbers: a fixed code, and the reset")
    func magicNumbers() async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            try await client.post(
                "/fraud/send-sms", json: #"{"phone_number": "+12015550111"}"#,
                headers: [.authorization: ServerHarness.basic]
            ) { response in #expect(response.status == .ok) }
            #expect(try await server.lastCode(to: "+12015550111") == "1234")
            try await client.post("/sandbox/reset", json: "{}") { response in #expect(response.status == .ok)
            }
            try await client.execute(uri: "/sandbox/messages", method: .get) { response in
                #expect(response.text == "[]")
            }
        }
    }

    @Test("Health, readiness and Prometheus metrics")
    func health() async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
            try await client.post(
                "/fraud/send-sms", json: #"{"phone_number": "+12025550163"}"#,
                headers: [.authorization: ServerHarness.basic]
            ) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(#"dialtone_verification_events_total{"#))
                #expect(response.text.contains(#"outcome="sent""#))
                #expect(response.text.contains("dialtone_http_request_duration_seconds"))
            }
        }
    }
}

/// A value set inside a response closure and read after it.
final class TokenBox: Sendable {
    private let box = Mutex("")
    func set(_ value: String) { box.withLock { $0 = value } }
    var value: String { box.withLock { $0 } }
}
