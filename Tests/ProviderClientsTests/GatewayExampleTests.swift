import AsyncHTTPClient
import Logging
import OTPProviders
import ProviderClients
import Testing

/// The integration docs/CLIENTS.md shows, run against the sandbox (only the base URL differs).
@Suite("Provider clients: the docs/CLIENTS.md integration")
struct GatewayExampleTests {
    /// What the example gateway answers its own caller.
    enum Verdict: Equatable {
        case verified, wrongCode, rejected, unknown, failed
    }

    @Test("PhoneMatch then iDenfy, as written in docs/CLIENTS.md")
    func example() async throws {
        try await Sandbox.with { sandbox in
            let settings = ProviderClientConfiguration(
                timeouts: ProviderTimeouts(connect: .seconds(5), read: .seconds(10), total: .seconds(30)),
                retry: RetryPolicy(
                    maximumAttempts: 3, baseDelay: .milliseconds(200), maximumDelay: .seconds(2)))
            let http = HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                configuration: settings.httpClientConfiguration())
            let logger = sandbox.logs.logger()
            let phoneMatch = PhoneMatchClient(
                httpClient: http, baseURL: sandbox.server.base, configuration: settings, logger: logger)

            func verify(userInput: String, entry: @Sendable (String) async throws -> String) async -> Verdict
            {
                do {
                    let request = try PhoneMatchInitialRequest(
                        user: "sandbox", password: Secret("sandbox"), service: .sms, reference: "order-1",
                        options: .init(outOfBand: .init(message: "Your Acme code is {pin}")),
                        target: .init(firstName: "Ada", lastName: "Lovelace", phone: userInput)
                    ).prepared()
                    let outcome = try await phoneMatch.start(request, preflight: .refuse)
                    guard outcome.codeSent else { return .rejected }
                    let code = try await entry(userInput)
                    let answer = try await phoneMatch.continue(
                        try outcome.response.continueRequest(userEntry: code))
                    return answer.result.action == .pass ? .verified : .wrongCode
                } catch let error as ProviderClientError {
                    switch error {
                    case .preflightRefused: return .rejected
                    case .outcomeUnknown: return .unknown
                    default: return .failed
                    }
                } catch {
                    return .failed
                }
            }
            let journal = sandbox.server
            #expect(
                await verify(userInput: "(201) 510-6060") { _ in try await journal.code(to: "+12015106060") }
                    == .verified)
            #expect(
                await verify(userInput: "(201) 510-6061") { _ in
                    try await journal.code(to: "+12015106061") == "000000" ? "111111" : "000000"
                } == .wrongCode)
            #expect(await verify(userInput: "+12015550103") { _ in "123456" } == .rejected)

            let idenfy = IdenfyClient(
                httpClient: http,
                credentials: IdenfyCredentials(apiKey: "sandbox", apiSecret: Secret("sandbox")),
                baseURL: sandbox.server.base, configuration: settings, logger: logger)
            let sent = try await idenfy.sendSMS(
                IdenfySendSMSRequest(phoneNumber: "+12025550176", senderName: "Acme"),
                idempotencyKey: "signup-1", preflight: .refuse)
            let entry = try await sandbox.code(to: "+12025550176")
            #expect(try await idenfy.verifySMS(sent.response.verifyRequest(userEntry: entry)).isVerified)
            try await http.shutdown()
        }
    }
}
