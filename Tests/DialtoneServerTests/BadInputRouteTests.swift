import DialtoneServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Verification

/// Every kind of bad request gets a 4xx with a JSON body naming what was wrong; none a 5xx.
@Suite("Server bad input")
struct BadInputRouteTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let uri: String
        let body: String
        var headers: HTTPFields = [.authorization: ServerHarness.basic, .contentType: "application/json"]
        let status: HTTPResponse.Status
        let error: String
        var field: String? = nil
        var rule: String? = nil
        var testDescription: String { name }
    }

    static let send = "/fraud/send-sms"
    static let verify = "/fraud/verify-sms"
    static let gateway = "/process/comprehensive/gateway"
    static let id = String(repeating: "a", count: 32)

    static let cases: [Case] = [
        Case(
            name: "malformed JSON", uri: send, body: "{\"phone_number\": ", status: .badRequest,
            error: "malformed_json"),
        Case(
            name: "not an object", uri: send, body: "[1, 2]", status: .badRequest, error: "validation_failed",
            field: "$", rule: "type"),
        Case(
            name: "wrong type", uri: send, body: #"{"phone_number": 12025550163}"#, status: .badRequest,
            error: "validation_failed", field: "phone_number", rule: "type"),
        Case(
            name: "missing field", uri: send, body: #"{"sender_name": "x"}"#, status: .badRequest,
            error: "validation_failed",
            field: "phone_number", rule: "required"),
        Case(
            name: "sender_name over 11", uri: send,
            body: #"{"phone_number": "+12025550163", "sender_name": "ABCDEFGHIJKL"}"#,
            status: .badRequest, error: "validation_failed", field: "sender_name", rule: "max_length"),
        Case(
            name: "phone_number not E.164", uri: send, body: #"{"phone_number": "2025550163"}"#,
            status: .badRequest,
            error: "validation_failed", field: "phone_number", rule: "e164_format"),
        Case(
            name: "request_id too short", uri: verify,
            body: #"{"request_id": "abc", "received_code": "1234"}"#,
            status: .badRequest, error: "validation_failed", field: "request_id", rule: "length_range"),
        Case(
            name: "received_code not 4 digits", uri: verify,
            body: #"{"request_id": "\#(id)", "received_code": "12345"}"#,
            status: .badRequest, error: "validation_failed", field: "received_code", rule: "exact_length"),
        Case(
            name: "no credentials", uri: send, body: #"{"phone_number": "+12025550163"}"#,
            headers: [.contentType: "application/json"], status: .unauthorized, error: "unauthorized"),
        Case(
            name: "wrong secret", uri: send, body: #"{"phone_number": "+12025550163"}"#,
            headers: [
                .contentType: "application/json",
                .authorization: "Basic " + Data("api-key:wrong".utf8).base64EncodedString(),
            ], status: .unauthorized, error: "unauthorized"),
        Case(
            name: "PhoneMatch wrong pass", uri: gateway,
            body:
                #"{"user": "user@company.com", "pass": "nope", "service": "PhoneMatch5.0.SMS", "target": {"fn": "a", "ln": "b", "phone": "2015550123"}}"#,
            status: .unauthorized, error: "unauthorized"),
        Case(
            name: "PhoneMatch message without {pin}", uri: gateway,
            body:
                #"{"user": "user@company.com", "pass": "PASSWORD", "service": "PhoneMatch5.0.SMS", "options": {"outofband": {"message": "Hello {fn}"}}, "target": {"fn": "a", "ln": "b", "phone": "2015550123"}}"#,
            status: .badRequest, error: "validation_failed", field: "options.outofband.message",
            rule: "message_missing_pin"),
        Case(
            name: "PhoneMatch unknown service", uri: gateway,
            body:
                #"{"user": "user@company.com", "pass": "PASSWORD", "service": "IDMatch5.0", "target": {"fn": "a", "ln": "b", "phone": "2015550123"}}"#,
            status: .badRequest, error: "validation_failed", field: "service", rule: "known_service"),
        Case(
            name: "continue without key", uri: "/process/continue",
            body: #"{"token": "abc", "codematch": {}}"#,
            status: .badRequest, error: "validation_failed", field: "codematch.key", rule: "required"),
        Case(
            name: "wrong content type", uri: send, body: #"{"phone_number": "+12025550163"}"#,
            headers: [.authorization: ServerHarness.basic, .contentType: "text/plain"],
            status: .unsupportedMediaType,
            error: "unsupported_media_type"),
        Case(
            name: "body over 64 KiB", uri: send,
            body: #"{"phone_number": "+12025550163", "sender_name": ""#
                + String(repeating: "x", count: 70_000) + #""}"#,
            status: .contentTooLarge, error: "body_too_large"),
        Case(name: "unknown route", uri: "/nope", body: "{}", status: .notFound, error: "not_found"),
        Case(
            name: "clock advance negative", uri: "/sandbox/clock/advance", body: #"{"seconds": -5}"#,
            status: .badRequest,
            error: "validation_failed", field: "seconds", rule: "range"),
    ]

    @Test("A 4xx with a JSON body naming the field and the rule", arguments: cases)
    func badInput(_ c: Case) async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            try await client.execute(
                uri: c.uri, method: .post, headers: c.headers, body: ByteBuffer(string: c.body)
            ) {
                response in
                #expect(response.status == c.status, "\(response.text)")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(response.json["error"] as? String == c.error, "\(response.text)")
                if let field = c.field {
                    let issues = response.json["issues"] as? [[String: Any]] ?? []
                    #expect(
                        issues.contains {
                            $0["field"] as? String == field && $0["rule"] as? String == c.rule
                        },
                        "\(response.text)")
                }
            }
        }
    }

    @Test("Throttled: 429 with Retry-After; the sixth send to one number in 10 minutes")
    func throttled() async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            for attempt in 1...6 {
                try await client.post(
                    "/fraud/send-sms", json: #"{"phone_number": "+12025550163"}"#,
                    headers: [.authorization: ServerHarness.basic]
                ) { response in
                    if attempt <= 5 {
                        #expect(response.status == .ok)
                    } else {
                        #expect(response.status == .tooManyRequests)
                        #expect(response.headers[HTTPField.Name("Retry-After")!] == "120")
                        #expect(response.json["error"] as? String == "throttled")
                    }
                }
            }
        }
    }

    @Test("A known path with a method it does not take: 405 with Allow; an unknown path: 404")
    func methodNotAllowed() async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            for (uri, method, allow) in [
                (Self.send, HTTPRequest.Method.get, "POST"), ("/healthz", .delete, "GET"),
                ("/process/status?token=abc", .post, "GET"), ("/sandbox/reset", .head, "POST"),
            ] {
                try await client.execute(
                    uri: uri, method: method, headers: [.authorization: ServerHarness.basic]
                ) {
                    response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.headers[.allow] == allow, "\(method) \(uri)")
                    if method != .head {
                        #expect(response.json["error"] as? String == "method_not_allowed", "\(response.text)")
                    }
                }
            }
            try await client.execute(uri: "/healthz/nope", method: .delete) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.allow] == nil)
                #expect(response.json["error"] as? String == "not_found")
            }
        }
    }

    @Test("Fuzzed bodies never give a 5xx")
    func noServerErrors() async throws {
        let server = try await ServerHarness.make()
        var generator = SystemRandomNumberGenerator()
        let fragments = [
            "{", "}", "[", "]", "\"phone_number\"", ":", ",", "\"+12025550163\"", "null", "true", "1e999",
            "\"\\u0000\"",
            "\"request_id\"", "\"received_code\"", "\"token\"", "\"codematch\"", "{\"key\": 1}",
            "\"\u{1F600}\"", "-0",
        ]
        let bodies = (0..<200).map { _ in
            (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                fragments.randomElement(using: &generator)!
            }.joined()
        }
        try await server.test { client in
            for body in bodies {
                for uri in [
                    Self.send, Self.verify, Self.gateway, "/process/continue", "/sandbox/clock/advance",
                ] {
                    try await client.execute(
                        uri: uri, method: .post,
                        headers: [.authorization: ServerHarness.basic, .contentType: "application/json"],
                        body: ByteBuffer(string: body)
                    ) { response in
                        #expect(
                            response.status.code < 500, "\(uri) \(body.debugDescription): \(response.text)")
                    }
                }
            }
        }
    }

    @Test("Logs never hold a password, a secret, a code or a token")
    func redactedLogs() async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            try await client.post("/process/comprehensive/gateway", json: FlowRouteTests.initial) { _ in }
            let idBox = TokenBox()
            try await client.post(
                "/fraud/send-sms", json: #"{"phone_number": "+12025550163"}"#,
                headers: [.authorization: ServerHarness.basic]
            ) { idBox.set($0.json["request_id"] as? String ?? "") }
            let code = try await server.lastCode(to: "+12025550163")
            try await client.post(
                "/fraud/verify-sms", json: #"{"request_id": "\#(idBox.value)", "received_code": "\#(code)"}"#,
                headers: [.authorization: ServerHarness.basic]
            ) { _ in }
            try await client.execute(uri: "/process/status?token=\(idBox.value)", method: .get) { _ in }
            let pmCode = try await server.lastCode(to: "+12015106000")
            let lines = server.log.all
            #expect(!lines.isEmpty)
            for secret in ["PASSWORD", "api-secret-value", ServerHarness.basic, code, pmCode, idBox.value] {
                for line in lines { #expect(!line.contains(secret), "\(line)") }
            }
        }
    }

    @Test("Fault injection (sandbox): status, malformed and truncated bodies")
    func faults() async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            let fault = HTTPField.Name("Dialtone-Sandbox-Fault")!
            try await client.execute(uri: "/healthz", method: .get, headers: [fault: "status-503"]) {
                #expect($0.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [fault: "malformed"]) {
                #expect(
                    $0.status == .ok
                        && (try? JSONSerialization.jsonObject(with: Data($0.body.readableBytesView))) == nil)
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [fault: "truncated"]) {
                #expect($0.status == .ok && $0.text == String(#"{"status":"ok"}"#.prefix(7)))
            }
        }
    }

    @Test(
        "Fault injection (sandbox): Dialtone-Sandbox-Fault-Once limits a fault to the first request with its key"
    )
    func faultOnce() async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            let fault = HTTPField.Name("Dialtone-Sandbox-Fault")!
            let once = HTTPField.Name("Dialtone-Sandbox-Fault-Once")!
            try await client.execute(
                uri: "/healthz", method: .get, headers: [fault: "status-502", once: "k1"]
            ) {
                #expect($0.status == .badGateway)
            }
            try await client.execute(
                uri: "/healthz", method: .get, headers: [fault: "status-502", once: "k1"]
            ) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [fault: "reject", once: "k2"]) {
                #expect($0.status == .serviceUnavailable)
            }
            let long = String(repeating: "k", count: 65)
            try await client.execute(uri: "/healthz", method: .get, headers: [fault: "reject", once: long]) {
                #expect($0.status == .badRequest)
                #expect($0.json["error"] as? String == "validation_failed")
            }
        }
    }
}
