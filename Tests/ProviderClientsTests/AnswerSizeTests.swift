import OTPProviders
import ProviderClients
import Testing

/// The answer's size bound.
@Suite("Provider clients: answer size")
struct AnswerSizeTests {
    @Test("An answer larger than maximumBodyBytes is a transport error (outcome unknown for a paid call)")
    func tooLarge() async throws {
        try await Sandbox.with { sandbox in
            var configuration = Sandbox.fast
            configuration.maximumBodyBytes = 16
            let result = await Sandbox.result {
                try await sandbox.idenfy(configuration).sendSMS(
                    IdenfySendSMSRequest(phoneNumber: "+12025550174"))
            }
            guard case .failure(.outcomeUnknown(.transport(let reason))) = result else {
                Issue.record("expected outcome_unknown(transport), got \(result)")
                return
            }
            #expect(reason.contains("16 bytes"))
            let verify = await Sandbox.result {
                try await sandbox.idenfy(configuration).verifySMS(
                    IdenfyVerifySMSRequest(
                        requestID: String(repeating: "d", count: 32), receivedCode: Secret("1234"))
                )
            }
            // {"is_verified":false} is 21 bytes.
            guard case .failure(.transport) = verify else {
                Issue.record("expected transport, got \(verify)")
                return
            }
        }
    }
}
