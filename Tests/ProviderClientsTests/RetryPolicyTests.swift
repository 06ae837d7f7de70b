import ProviderClients
import Testing

/// The backoff: doubling, capped, jittered between half and all of the step.
@Suite("Provider clients: retry policy")
struct RetryPolicyTests {
    @Test(
        "Backoff after each attempt",
        arguments: [
            (1, 1.0, Duration.milliseconds(200)), (2, 1.0, .milliseconds(400)), (3, 1.0, .milliseconds(800)),
            (5, 1.0, .seconds(2)), (60, 1.0, .seconds(2)), (2, 0.5, .milliseconds(200)),
            (2, 0.0, .milliseconds(200)),
            (1, 7.0, .milliseconds(200)),
        ])
    func delay(_ attempt: Int, _ jitter: Double, _ expected: Duration) {
        #expect(RetryPolicy().delay(afterAttempt: attempt, jitter: jitter) == expected)
    }

    @Test("At least one attempt")
    func atLeastOne() {
        #expect(RetryPolicy(maximumAttempts: 0).maximumAttempts == 1)
        #expect(RetryPolicy.never.maximumAttempts == 1)
    }
}
