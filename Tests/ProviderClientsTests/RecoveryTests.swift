import OTPProviders
import ProviderClients
import Testing

/// Faults limited to the first request (`Dialtone-Sandbox-Fault-Once`): what an automatic
/// repeat of an idempotent call gives, and how a caller recovers a paid call whose outcome is
/// unknown.
@Suite("Provider clients: repeats that recover")
struct RecoveryTests {
    static func once(_ fault: String) -> ProviderClientConfiguration {
        Sandbox.configuration(headers: [
            (name: "Dialtone-Sandbox-Fault", value: fault),
            (name: "Dialtone-Sandbox-Fault-Once", value: "first"),
        ])
    }

    @Test("verify-sms after a 503 that refused the request (`reject`): the repeat answers true")
    func verifyRepeated() async throws {
        try await Sandbox.with { sandbox in
            let sent = try await sandbox.idenfy().sendSMS(IdenfySendSMSRequest(phoneNumber: "+12025550171"))
            let code = try await sandbox.code(to: "+12025550171")
            let answer = try await sandbox.idenfy(Self.once("reject")).verifySMS(
                sent.response.verifyRequest(userEntry: code))
            #expect(answer.isVerified)
            #expect(sandbox.attempts("idenfy", "verify_sms") == 2)
            #expect(
                sandbox.metrics.counterTotal(
                    label: "dialtone_client_retries_total",
                    dimensions: [("provider", "idenfy"), ("operation", "verify_sms"), ("reason", "http_503")])
                    == 1)
        }
    }

    @Test(
        "verify-sms after a 503 from a provider that had taken the code: the repeat answers false (documented)"
    )
    func verifyTakenThenFailed() async throws {
        try await Sandbox.with { sandbox in
            let sent = try await sandbox.idenfy().sendSMS(IdenfySendSMSRequest(phoneNumber: "+12025550172"))
            let code = try await sandbox.code(to: "+12025550172")
            let answer = try await sandbox.idenfy(Self.once("status-503")).verifySMS(
                sent.response.verifyRequest(userEntry: code))
            #expect(answer.isVerified == false)
            #expect(sandbox.attempts("idenfy", "verify_sms") == 2)
        }
    }

    @Test(
        "PhoneMatch continue after a 502/503/504 that the provider had taken: the status gives PASS, no second continue",
        arguments: ["status-502", "status-503", "status-504"])
    func continueTaken(_ fault: String) async throws {
        try await Sandbox.with { sandbox in
            let outcome = try await sandbox.phoneMatch().start(Sandbox.initial(phone: "+12015106050"))
            let request = try outcome.response.continueRequest(
                userEntry: try await sandbox.code(to: "+12015106050"))
            let answer = try await sandbox.phoneMatch(Self.once(fault)).continue(request)
            #expect(answer.result.action == .pass)
            #expect(answer.keyMatched)
            #expect(sandbox.attempts("phonematch", "continue") == 1)
            #expect(sandbox.attempts("phonematch", "status") == 1)
        }
    }

    @Test(
        "PhoneMatch continue after a 503 that refused the request: the status is 404, the continue is repeated"
    )
    func continueRefused() async throws {
        try await Sandbox.with { sandbox in
            let outcome = try await sandbox.phoneMatch().start(Sandbox.initial(phone: "+12015106051"))
            let request = try outcome.response.continueRequest(
                userEntry: try await sandbox.code(to: "+12015106051"))
            let answer = try await sandbox.phoneMatch(Self.once("reject")).continue(request)
            #expect(answer.result.action == .pass)
            #expect(sandbox.attempts("phonematch", "continue") == 2)
            #expect(sandbox.attempts("phonematch", "status") == 1)
        }
    }

    @Test(
        "send-sms: outcome unknown after a 502; the caller's repeat with the same idempotency key sends nothing"
    )
    func sendRecovered() async throws {
        try await Sandbox.with { sandbox in
            let request = IdenfySendSMSRequest(phoneNumber: "+12025550173")
            let first = await Sandbox.result {
                try await sandbox.idenfy(Self.once("status-502")).sendSMS(request, idempotencyKey: "signup-7")
            }
            guard case .failure(.outcomeUnknown(.httpStatus(let failure))) = first else {
                Issue.record("expected outcome_unknown, got \(first)")
                return
            }
            #expect(failure.status == 502 && failure.attempts == 1)
            #expect(sandbox.attempts("idenfy", "send_sms") == 1)
            let again = try await sandbox.idenfy(Self.once("status-502")).sendSMS(
                request, idempotencyKey: "signup-7")
            #expect(again.response.requestID.count >= 32)
            #expect(try await sandbox.messages(to: "+12025550173").count == 1)
        }
    }
}
