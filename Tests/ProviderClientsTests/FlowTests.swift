import OTPProviders
import ProviderClients
import Testing

/// Complete verifications through the clients against a real `dialtone-server --sandbox`, the
/// code read back from the sandbox journal.
@Suite("Provider clients: complete flows")
struct FlowTests {
    @Test("PhoneMatch: initial request, code from the journal, continue PASS, status PASS")
    func phoneMatchPass() async throws {
        try await Sandbox.with { sandbox in
            let client = sandbox.phoneMatch()
            let number = "+12015106000"
            let outcome = try await client.start(
                Sandbox.initial(phone: number, message: "Hello {fn}, your code is {pin}"), preflight: .refuse)
            #expect(outcome.codeSent)
            #expect(outcome.response.result.action == .pending)
            #expect(outcome.preflight?.verdict == .expectPending)
            let code = try await sandbox.code(to: number)
            #expect(code.count == 6)
            let passed = try await client.continue(try outcome.response.continueRequest(userEntry: code))
            #expect(passed.result.action == .pass)
            #expect(passed.keyMatched)
            let token = try #require(outcome.response.continuations?.outOfBand?.template.token)
            let status = try await client.status(token: token)
            #expect(status.result.action == .pass)
            #expect(sandbox.calls("phonematch", "initial", outcome: "pending") == 1)
            #expect(sandbox.calls("phonematch", "continue", outcome: "pass") == 1)
            #expect(sandbox.calls("phonematch", "status", outcome: "pass") == 1)
            #expect(
                try sandbox.metrics.expectTimer(
                    "dialtone_client_call_duration_seconds",
                    [
                        ("provider", "phonematch"), ("operation", "initial"),
                    ]
                ).values.count == 1)
        }
    }

    @Test("PhoneMatch: a wrong entry is FAIL as a value; a status before any continue is a 404")
    func phoneMatchWrongCode() async throws {
        try await Sandbox.with { sandbox in
            let client = sandbox.phoneMatch()
            let outcome = try await client.start(Sandbox.initial(phone: "+12015106001"))
            let token = try #require(outcome.response.continuations?.outOfBand?.template.token)
            await #expect {
                _ = try await client.status(token: token)
            } throws: { error in
                guard case .httpStatus(let failure) = error as? ProviderClientError else { return false }
                return failure.status == 404 && failure.attempts == 1
            }
            let code = try await sandbox.code(to: "+12015106001")
            let wrong = code == "000000" ? "111111" : "000000"
            let failed = try await client.continue(try outcome.response.continueRequest(userEntry: wrong))
            #expect(failed.result.action == .fail)
            #expect(failed.result.detail == .failedOutOfBandCheck)
            #expect(!failed.keyMatched)
        }
    }

    @Test("PhoneMatch: the provider's own FAIL (delivery failed) is an answer, not an error")
    func phoneMatchProviderFail() async throws {
        try await Sandbox.with { sandbox in
            let outcome = try await sandbox.phoneMatch().start(Sandbox.initial(phone: "+12015550101"))
            #expect(outcome.response.result.action == .fail)
            #expect(outcome.response.result.detail == .failedToSendToNumber)
            #expect(!outcome.codeSent)
            #expect(sandbox.calls("phonematch", "initial", outcome: "fail") == 1)
        }
    }

    @Test("iDenfy: send-sms, a wrong code is false, the right code is true once")
    func idenfyFlow() async throws {
        try await Sandbox.with { sandbox in
            let client = sandbox.idenfy()
            let number = "+12025550163"
            let sent = try await client.sendSMS(
                IdenfySendSMSRequest(phoneNumber: number, senderName: "Acme"), preflight: .refuse)
            #expect(sent.preflightIssues.isEmpty)
            #expect(sent.response.requestID.count >= 32)
            let messages = try await sandbox.messages(to: number)
            #expect(messages.count == 1)
            let code = try await sandbox.code(to: number)
            let wrong = code == "0000" ? "1111" : "0000"
            #expect(
                try await client.verifySMS(sent.response.verifyRequest(userEntry: wrong)).isVerified == false)
            #expect(try await client.verifySMS(sent.response.verifyRequest(userEntry: code)).isVerified)
            #expect(
                try await client.verifySMS(sent.response.verifyRequest(userEntry: code)).isVerified == false)
            #expect(sandbox.calls("idenfy", "send_sms", outcome: "sent") == 1)
            #expect(sandbox.calls("idenfy", "verify_sms", outcome: "verified") == 1)
            #expect(sandbox.calls("idenfy", "verify_sms", outcome: "not_verified") == 2)
        }
    }

    @Test("iDenfy: a repeat with the same idempotency key answers the same request id and sends nothing")
    func idenfyIdempotencyKey() async throws {
        try await Sandbox.with { sandbox in
            let client = sandbox.idenfy()
            let request = IdenfySendSMSRequest(phoneNumber: "+12025550164")
            let first = try await client.sendSMS(request, idempotencyKey: "signup-42")
            let second = try await client.sendSMS(request, idempotencyKey: "signup-42")
            #expect(first.response.requestID == second.response.requestID)
            #expect(try await sandbox.messages(to: "+12025550164").count == 1)
        }
    }

    @Test("iDenfy: wrong credentials are an HTTP 401 with the server's error identifier, not repeated")
    func idenfyUnauthorized() async throws {
        try await Sandbox.with { sandbox in
            let client = IdenfyClient(
                httpClient: sandbox.http,
                credentials: IdenfyCredentials(apiKey: "sandbox", apiSecret: Secret("wrong-secret")),
                baseURL: sandbox.server.base, configuration: Sandbox.fast, logger: sandbox.logs.logger(),
                metricsFactory: sandbox.metrics)
            await #expect {
                _ = try await client.sendSMS(IdenfySendSMSRequest(phoneNumber: "+12025550165"))
            } throws: { error in
                guard case .httpStatus(let failure) = error as? ProviderClientError else { return false }
                return failure.status == 401 && failure.errorIdentifier == "unauthorized"
            }
            #expect(sandbox.attempts("idenfy", "send_sms") == 1)
            #expect(!sandbox.logs.text.contains("wrong-secret"))
        }
    }
}
