import OTPProviders
import Testing

@testable import ProviderClients

/// Nothing secret in error excerpts or logs: passwords, API secrets, codes, tokens.
@Suite("Provider clients: redaction")
struct RedactionTests {
    @Test(
        "Body excerpts hide sensitive JSON values, known secrets and codes",
        arguments: [
            (#"{"pass":"hunter2","user":"u"}"#, "hunter2"),
            (#"{"token": "kddnmkf2qryuq1xuk1l083ym6anbd6ep"}"#, "kddnmkf2qryuq1xuk1l083ym6anbd6ep"),
            (#"{"codematch":{"key":"390406"}}"#, "390406"),
            (#"{"received_code":"5106","request_id":"7dc10760536ec5e4cd0c665a661035e6"}"#, "7dc10760"),
            ("Your one-time password is 390406", "390406"),
            ("echo of my-api-secret in an HTML page", "my-api-secret"),
        ])
    func excerpt(_ body: String, _ hidden: String) {
        let excerpt = Redaction.excerpt(Array(body.utf8), secrets: ["my-api-secret"])
        #expect(!excerpt.contains(hidden))
        #expect(excerpt.contains("<redacted>"))
    }

    @Test("An excerpt is at most 200 characters and keeps what is not secret")
    func length() {
        let body = #"{"error":"validation_failed","message":"\#(String(repeating: "x", count: 500))"}"#
        let excerpt = Redaction.excerpt(Array(body.utf8), secrets: [])
        #expect(excerpt.count == Redaction.excerptLength + 1)
        #expect(excerpt.hasPrefix(#"{"error":"validation_failed""#))
        #expect(Redaction.errorIdentifier(Array(body.utf8), secrets: []) == "validation_failed")
        #expect(Redaction.errorIdentifier(Array(#"{"error":"hunter2"}"#.utf8), secrets: ["hunter2"]) == nil)
    }

    @Test("The logs of whole flows and of failures never show a password, secret, code or token")
    func logs() async throws {
        try await Sandbox.with { sandbox in
            let pass = "pm-pass-\(Int.random(in: 100_000...999_999))"
            let phoneMatch = PhoneMatchClient(
                httpClient: sandbox.http, baseURL: sandbox.server.base, configuration: Sandbox.fast,
                logger: sandbox.logs.logger(), metricsFactory: sandbox.metrics)
            // Wrong credentials: a 401 whose excerpt is logged.
            var request = Sandbox.initial(phone: "+12015106030")
            request.password = Secret(pass)
            _ = await Sandbox.result { () async throws in try await phoneMatch.start(request) }
            // A full flow, then faults on the idempotent calls (logged with their excerpts).
            let client = sandbox.phoneMatch()
            let outcome = try await client.start(Sandbox.initial(phone: "+12015106031"))
            let code = try await sandbox.code(to: "+12015106031")
            let token = try #require(outcome.response.continuations?.outOfBand?.template.token)
            let faulty = sandbox.phoneMatch(
                Sandbox.configuration(headers: [(name: "Dialtone-Sandbox-Fault", value: "truncated")]))
            let continueRequest = try outcome.response.continueRequest(userEntry: code)
            _ = await Sandbox.result { () async throws in
                try await faulty.continue(continueRequest)
            }
            _ = try? await client.status(token: token)
            let idenfy = sandbox.idenfy()
            let sent = try await idenfy.sendSMS(IdenfySendSMSRequest(phoneNumber: "+12025550180"))
            let idenfyCode = try await sandbox.code(to: "+12025550180")
            _ = try await idenfy.verifySMS(sent.response.verifyRequest(userEntry: idenfyCode))
            let text = sandbox.logs.text
            #expect(sandbox.logs.lines.count >= 6)
            for secret in [pass, code, token, idenfyCode, sent.response.requestID, "c2FuZGJveDpzYW5kYm94"] {
                #expect(!text.contains(secret), "the logs show \(secret)")
            }
            #expect(text.contains("outcome=pending"))
            #expect(text.contains("outcome=verified"))
        }
    }
}
