import OTPProviders
import ProviderClients
import Testing

/// Pre-flight before a paid call: refused (nothing sent, no HTTP at all) or only reported.
@Suite("Provider clients: pre-flight")
struct PreflightTests {
    @Test(
        "PhoneMatch: a request predicted to FAIL is refused, or sent and reported, as the caller chooses",
        arguments: [PreflightMode.refuse, .report, .off])
    func phoneMatch(_ mode: PreflightMode) async throws {
        try await Sandbox.with { sandbox in
            // Too short to be a US number: the provider answers FAIL / DATA CHECK FAILED.
            let request = Sandbox.initial(phone: "+1201555")
            let result = await Sandbox.result { () async throws in
                try await sandbox.phoneMatch().start(request, preflight: mode)
            }
            switch (mode, result) {
            case (.refuse, .failure(.preflightRefused(let report))):
                #expect(!report.isWorthSending)
                #expect(sandbox.attempts("phonematch", "initial") == 0)
                #expect(sandbox.calls("phonematch", "initial", outcome: "preflight_refused") == 1)
            case (.report, .success(let outcome)):
                #expect(outcome.preflight?.isWorthSending == false)
                #expect(outcome.response.result.action == .fail)
                #expect(sandbox.logs.text.contains("pre-flight predicts FAIL"))
                #expect(sandbox.attempts("phonematch", "initial") == 1)
            case (.off, .success(let outcome)):
                #expect(outcome.preflight == nil)
                #expect(outcome.response.result.action == .fail)
            default:
                Issue.record("\(mode): \(result)")
            }
        }
    }

    @Test("iDenfy: a number that is not E.164 is refused before the paid call")
    func idenfy() async throws {
        try await Sandbox.with { sandbox in
            let request = IdenfySendSMSRequest(phoneNumber: "2025550163", senderName: "A very long sender")
            await #expect {
                _ = try await sandbox.idenfy().sendSMS(request, preflight: .refuse)
            } throws: { error in
                guard case .invalidRequest(let failure) = error as? ProviderClientError else { return false }
                return failure.issues.count == 2
            }
            #expect(sandbox.attempts("idenfy", "send_sms") == 0)
            // Reported only: sent, and the provider refuses it (400) without sending anything.
            await #expect {
                _ = try await sandbox.idenfy().sendSMS(request, preflight: .report)
            } throws: { error in
                guard case .httpStatus(let failure) = error as? ProviderClientError else { return false }
                return failure.status == 400 && failure.errorIdentifier == "validation_failed"
            }
            #expect(sandbox.attempts("idenfy", "send_sms") == 1)
        }
    }
}
