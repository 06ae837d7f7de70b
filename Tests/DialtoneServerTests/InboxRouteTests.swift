import DialtoneTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Verification

@testable import DialtoneServer

#if canImport(Glibc)
    import Glibc
#endif

/// The sandbox inbox page's routes through the router: the page and its assets with their content
/// types and security headers, the messages' encoding and segments, the verifications' timelines,
/// and 404 without the sandbox. The page itself is checked in Chromium by scripts/inbox-check.py.
@Suite("Sandbox inbox routes")
struct InboxRouteTests {
    static let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"

    static func initial(firstName: String, phone: String) throws -> String {
        let object: [String: Any] = [
            "user": "user@company.com", "pass": "PASSWORD", "service": "PhoneMatch5.0.SMS",
            "options": ["outofband": ["message": "Hello {fn}, your code is {pin}"]],
            "target": ["fn": firstName, "ln": "Smith", "phone": phone],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test(
        "The page, its script and its style sheet: content types and a strict CSP, nothing inline",
        arguments: [
            ("/sandbox/", "text/html; charset=utf-8"), ("/sandbox", "text/html; charset=utf-8"),
            ("/sandbox/inbox.js", "text/javascript; charset=utf-8"),
            ("/sandbox/inbox.css", "text/css; charset=utf-8"),
        ])
    func assets(path: String, type: String) async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == type)
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.hasPrefix("default-src 'self';"))
                #expect(!policy.contains("unsafe"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(!response.text.isEmpty)
            }
        }
    }

    @Test("The page loads its script and style from this origin and holds none inline")
    func nothingInline() throws {
        #expect(InboxPage.html.contains(#"<script src="/sandbox/inbox.js" defer></script>"#))
        #expect(InboxPage.html.contains(#"<link rel="stylesheet" href="/sandbox/inbox.css">"#))
        #expect(InboxPage.html.components(separatedBy: "<script").count == 2)
        #expect(!InboxPage.html.contains("<style"))
        #expect(!InboxPage.html.contains(" style="))
        // No event-handler attribute (`onclick=` and the like).
        #expect(InboxPage.html.firstMatch(of: try Regex(#"\son[a-z]+\s*="#)) == nil)
        #expect(!InboxPage.html.contains("http"))
        // Values are written as text, never parsed as markup.
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
            #expect(!InboxPage.script.contains(sink), "\(sink)")
        }
    }

    @Test("Messages carry encoding and segments; hostile text comes back as it was sent")
    func messages() async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            try await client.post(
                "/process/comprehensive/gateway",
                json: try Self.initial(firstName: Self.hostile, phone: "2015106001")
            ) { #expect($0.status == .ok) }
            try await client.post(
                "/process/comprehensive/gateway",
                json: try Self.initial(firstName: "Zoë 😀", phone: "2015106002")
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/sandbox/messages", method: .get) { response in
                let list =
                    (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)))
                    as? [[String: Any]] ?? []
                #expect(list.count == 2)
                #expect(
                    (list.first?["text"] as? String)?.hasPrefix("Hello \(Self.hostile), your code is ")
                        == true)
                #expect(list.first?["encoding"] as? String == "gsm7")
                #expect(list.first?["segments"] as? Int == 1)
                #expect(list.last?["encoding"] as? String == "ucs2")
                #expect(list.last?["segments"] as? Int == 1)
            }
        }
    }

    @Test("Verifications: state from the store, a timeline of events, never the code")
    func verifications() async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            let token = TokenBox()
            try await client.post(
                "/process/comprehensive/gateway",
                json: try Self.initial(firstName: "John", phone: "2015106001")
            ) { response in
                let continuation =
                    (response.json["continuations"] as? [String: Any])?["outofband"] as? [String: Any]
                token.set((continuation?["template"] as? [String: Any])?["token"] as? String ?? "")
            }
            let requestID = TokenBox()
            try await client.post(
                "/fraud/send-sms", json: #"{"phone_number": "+12025550163"}"#,
                headers: [.authorization: ServerHarness.basic]
            ) { requestID.set($0.json["request_id"] as? String ?? "") }
            let phoneMatchCode = try await server.lastCode(to: "+12015106001")
            let idenfyCode = try await server.lastCode(to: "+12025550163")
            let wrong = phoneMatchCode == "000000" ? "111111" : "000000"
            try await client.post(
                "/process/continue", json: #"{"token": "\#(token.value)", "codematch": {"key": "\#(wrong)"}}"#
            ) { #expect($0.status == .ok) }
            try await client.post("/sandbox/clock/advance", json: #"{"seconds": 120}"#) {
                #expect($0.json["steps_run"] as? Int == 1)
            }
            try await client.execute(uri: "/sandbox/verifications", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                // No value is a code, and a timeline entry has no field that could hold one.
                #expect(!response.text.contains("\"\(phoneMatchCode)\""))
                #expect(!response.text.contains("\"\(idenfyCode)\""))
                let json = response.json
                #expect((json["now"] as? String)?.count == 19)
                let items = json["verifications"] as? [[String: Any]] ?? []
                #expect(items.map { $0["id"] as? String } == [requestID.value, token.value])
                let idenfy = items.first ?? [:]
                #expect(idenfy["state"] as? String == "pending")
                #expect(idenfy["flow"] as? String == "idenfy")
                #expect(idenfy["to"] as? String == "+12025550163")
                let idenfyEvents = (idenfy["timeline"] as? [[String: Any]] ?? []).map {
                    [$0["event"], $0["channel"], $0["step"]].compactMap { $0.map { "\($0)" } }.joined(
                        separator: " ")
                }
                #expect(idenfyEvents == ["started", "sent sms", "escalated 1", "sent call"])
                for item in items {
                    for entry in item["timeline"] as? [[String: Any]] ?? [] {
                        #expect(Set(entry.keys).isSubset(of: ["at", "event", "channel", "step", "reason"]))
                    }
                }
                let phoneMatch = items.last ?? [:]
                #expect(phoneMatch["state"] as? String == "rejected")
                let phoneMatchEvents = (phoneMatch["timeline"] as? [[String: Any]] ?? []).map {
                    [$0["event"], $0["channel"], $0["reason"]].compactMap { $0.map { "\($0)" } }
                        .joined(separator: " ")
                }
                #expect(phoneMatchEvents == ["started", "sent sms", "rejected wrong_code"])
            }
            try await client.execute(uri: "/sandbox/verifications?to=%2B12025550163", method: .get) {
                response in
                let items = response.json["verifications"] as? [[String: Any]] ?? []
                #expect(items.map { $0["id"] as? String } == [requestID.value])
            }
            try await client.execute(uri: "/sandbox/reset", method: .post) { #expect($0.status == .ok) }
            try await client.execute(uri: "/sandbox/verifications", method: .get) { response in
                #expect((response.json["verifications"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test("A method the page does not take is 405 with Allow, with or without the trailing slash")
    func methodNotAllowed() async throws {
        let server = try await ServerHarness.make()
        try await server.test { client in
            for path in ["/sandbox/", "/sandbox", "/sandbox/verifications"] {
                try await client.execute(uri: path, method: .post) { response in
                    #expect(response.status == .methodNotAllowed, "\(path)")
                    #expect(response.headers[.allow] == "GET", "\(path)")
                }
            }
        }
    }

    @Test("The binary in production (a webhook channel) has no inbox: GET /sandbox/ is 404 JSON")
    func productionBinaryHasNoInbox() async throws {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DIALTONE_") }
        let secret = String(repeating: "ab", count: 32)
        environment.merge([
            "DIALTONE_SECRET": secret, "DIALTONE_PHONEMATCH_USER": "user", "DIALTONE_PHONEMATCH_PASS": "pass",
            "DIALTONE_SMS_CHANNEL": "webhook", "DIALTONE_SMS_WEBHOOK_URL": "http://127.0.0.1:9/sms",
            "DIALTONE_WEBHOOK_SECRET": secret,
        ]) { $1 }
        let child = try Spawned.start(
            try ServerProcess.binary().path,
            ["--port", "0", "--database", try ServerProcess.temporaryDatabase()],
            environment: environment)
        defer {
            kill(child.pid, SIGKILL)
            child.wait()
        }
        let line = await child.read(until: { $0.contains("\n") }, deadline: Date().addingTimeInterval(30))
        let range = try #require(line.range(of: "listening on http://127.0.0.1:"), "\(line)")
        #expect(!line.contains("(sandbox)"))
        let port = try #require(Int(line[range.upperBound...].prefix { $0.isNumber }))
        for path in ["/sandbox/", "/sandbox/inbox.js", "/sandbox/verifications"] {
            let answer = try await ServerProcess.curl(["-i", "http://127.0.0.1:\(port)\(path)"]).lowercased()
            #expect(answer.hasPrefix("http/1.1 404"), "\(path): \(answer)")
            #expect(answer.contains("content-type: application/json; charset=utf-8"), "\(path)")
            #expect(answer.contains(#""error":"not_found""#), "\(path)")
            #expect(!answer.contains("content-security-policy"), "\(path)")
        }
    }

    @Test(
        "Without the sandbox the inbox routes do not exist: 404 JSON like any unknown route",
        arguments: [
            "/sandbox/", "/sandbox", "/sandbox/inbox.js", "/sandbox/inbox.css", "/sandbox/verifications",
        ])
    func productionHasNoInbox(path: String) async throws {
        let server = try await ServerHarness.make()
        let app = Application(router: server.parts.withoutSandbox().router(), logger: server.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.json["error"] as? String == "not_found")
                #expect(response.headers[.contentSecurityPolicy] == nil)
            }
        }
    }
}
