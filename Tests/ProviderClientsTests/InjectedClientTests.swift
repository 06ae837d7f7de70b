import AsyncHTTPClient
import MetricsTestKit
import OTPProviders
import ProviderClients
import Testing

/// Connection failures with an `HTTPClient` configured by the caller, and the total timeout over
/// repeats.
@Suite("Provider clients: the caller's HTTPClient and the total timeout")
struct InjectedClientTests {
    @Test(
        "An HTTPClient whose pool retries connections itself: a refused connection is still connection_failed"
    )
    func poolRetries() async throws {
        let closed = try ClosedPort()
        defer { withExtendedLifetime(closed) {} }
        let port = closed.port
        let configuration = HTTPClient.Configuration(timeout: .init(connect: .milliseconds(500)))
        let start = ContinuousClock.now
        let result = try await Sandbox.withHTTPClient(configuration) { http in
            let client = IdenfyClient(
                httpClient: http, credentials: Sandbox.idenfy, baseURL: "http://127.0.0.1:\(port)",
                configuration: Sandbox.configuration(
                    timeouts: ProviderTimeouts(connect: .seconds(2), read: .seconds(60), total: .seconds(120))
                ),
                logger: CapturingLogHandler().logger(), metricsFactory: TestMetrics())
            return await Sandbox.result {
                try await client.sendSMS(IdenfySendSMSRequest(phoneNumber: "+12025550175"))
            }
        }
        guard case .failure(.connectionFailed(let attempts, _)) = result else {
            Issue.record("expected connection_failed, got \(result)")
            return
        }
        #expect(attempts == 3)
        #expect(start.duration(to: .now) < .seconds(120))
    }

    @Test("The total timeout bounds the repeats: no repeat whose backoff would pass it")
    func totalBoundsRepeats() async throws {
        try await Sandbox.with { sandbox in
            let configuration = ProviderClientConfiguration(
                timeouts: ProviderTimeouts(connect: .seconds(2), read: .seconds(5), total: .seconds(10)),
                retry: RetryPolicy(maximumAttempts: 5, baseDelay: .seconds(30), maximumDelay: .seconds(30)),
                extraHeaders: [(name: "Dialtone-Sandbox-Fault", value: "status-503")])
            let result = await Sandbox.result {
                try await sandbox.idenfy(configuration).verifySMS(
                    IdenfyVerifySMSRequest(
                        requestID: String(repeating: "e", count: 32), receivedCode: Secret("1234"))
                )
            }
            guard case .failure(.httpStatus(let failure)) = result else {
                Issue.record("expected http_status, got \(result)")
                return
            }
            #expect(failure.status == 503 && failure.attempts == 1)
            #expect(sandbox.attempts("idenfy", "verify_sms") == 1)
        }
    }
}
