import AsyncHTTPClient
import Logging
import MetricsTestKit
import OTPProviders
import ProviderClients
import Testing

/// Failures before the request is written (a closed port on 127.0.0.1) are repeated, for every
/// call; cancellation ends a call at once.
@Suite("Provider clients: connections and cancellation")
struct ConnectionTests {
    @Test(
        "A refused connection is repeated up to the policy, then connection_failed (nothing sent)",
        arguments: ["initial", "send_sms", "verify_sms", "status"])
    func refused(_ operation: String) async throws {
        let closed = try ClosedPort()
        defer { withExtendedLifetime(closed) {} }
        let port = closed.port
        // Long read and total timeouts: other tests can hold the cooperative threads for seconds,
        // and three refused connections must not run out of time meanwhile.
        let configuration = Sandbox.configuration(
            timeouts: ProviderTimeouts(connect: .seconds(2), read: .seconds(60), total: .seconds(120)))
        let metrics = TestMetrics()
        let logs = CapturingLogHandler()
        let base = "http://127.0.0.1:\(port)"
        let result = try await Sandbox.withHTTPClient(configuration.httpClientConfiguration()) { http in
            let phoneMatch = PhoneMatchClient(
                httpClient: http, baseURL: base, configuration: configuration, logger: logs.logger(),
                metricsFactory: metrics)
            let idenfy = IdenfyClient(
                httpClient: http, credentials: Sandbox.idenfy, baseURL: base, configuration: configuration,
                logger: logs.logger(), metricsFactory: metrics)
            return await FaultTests.capture {
                switch operation {
                case "initial": _ = try await phoneMatch.start(Sandbox.initial(phone: "+12015106000"))
                case "send_sms":
                    _ = try await idenfy.sendSMS(IdenfySendSMSRequest(phoneNumber: "+12025550163"))
                case "verify_sms":
                    _ = try await idenfy.verifySMS(
                        IdenfyVerifySMSRequest(
                            requestID: String(repeating: "a", count: 32), receivedCode: Secret("1234")))
                default: _ = try await phoneMatch.status(token: "abc")
                }
            }
        }
        guard case .failure(let error) = result, case .connectionFailed(let attempts, _) = error else {
            Issue.record("expected connection_failed, got \(result)")
            return
        }
        #expect(attempts == 3)
        #expect(!error.mayHaveReachedProvider)
        let provider = operation == "initial" || operation == "status" ? "phonematch" : "idenfy"
        #expect(
            metrics.counterTotal(
                label: "dialtone_client_retries_total",
                dimensions: [
                    ("provider", provider), ("operation", operation), ("reason", "connection_failed"),
                ]) == 2)
        #expect(logs.text.contains("outcome=connection_failed"))
    }

    @Test(
        "Cancelling the caller's task ends a call that waits for an answer",
        arguments: ["initial", "verify_sms"])
    func cancellation(_ operation: String) async throws {
        try await Sandbox.with { sandbox in
            let configuration = Sandbox.configuration(
                headers: [(name: "Dialtone-Sandbox-Fault", value: "timeout")],
                timeouts: ProviderTimeouts(connect: .seconds(2), read: .seconds(40), total: .seconds(50)))
            let phoneMatch = sandbox.phoneMatch(configuration)
            let idenfy = sandbox.idenfy(configuration)
            let start = ContinuousClock.now
            let task = Task {
                await FaultTests.capture {
                    if operation == "initial" {
                        _ = try await phoneMatch.start(Sandbox.initial(phone: "+12015106020"))
                    } else {
                        _ = try await idenfy.verifySMS(
                            IdenfyVerifySMSRequest(
                                requestID: String(repeating: "b", count: 32), receivedCode: Secret("1234")))
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(500))
            task.cancel()
            let result = await task.value
            // Far below the timeouts (and the sandbox's 30 s); loose, for a machine shared with
            // other builds and tests that block threads.
            #expect(start.duration(to: .now) < .seconds(20))
            guard case .failure(let error) = result else {
                Issue.record("expected an error, got \(result)")
                return
            }
            #expect(error.cause.identifier == "cancelled")
            // The initial request may have reached the provider before the cancellation.
            #expect(error.identifier == (operation == "initial" ? "outcome_unknown" : "cancelled"))
        }
    }
}
