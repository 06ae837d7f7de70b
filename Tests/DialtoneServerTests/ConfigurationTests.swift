import DialtoneServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Verification

@Suite("Configuration: throttles and the store, from the environment")
struct ConfigurationTests {
    static func load(_ environment: [String: String]) async throws -> ServerConfiguration {
        try await ServerConfiguration.load(
            arguments: ["dialtone-server", "--sandbox"], environment: environment)
    }

    @Test("Unset throttle keys keep the defaults: 5 per number per 10 minutes, nothing else")
    func defaults() async throws {
        let throttles = try await Self.load([:]).policy.throttles
        #expect(throttles == ThrottlePolicy())
        #expect(throttles.perNumber == RateLimit(count: 5, per: .seconds(600)))
        #expect(throttles.perAccount == nil && throttles.perClientAddress == nil)
    }

    @Test(
        "Each key sets its throttle",
        arguments: [
            (
                "DIALTONE_THROTTLE_PER_NUMBER", "3/1h", "perNumber",
                RateLimit(count: 3, per: .seconds(3600))
            ),
            ("DIALTONE_THROTTLE_PER_NUMBER", "off", "perNumber", nil),
            (
                "DIALTONE_THROTTLE_PER_ACCOUNT", "100/1s", "perAccount",
                RateLimit(count: 100, per: .seconds(1))
            ),
            (
                "DIALTONE_THROTTLE_PER_CLIENT_ADDRESS", "20/10m", "perClientAddress",
                RateLimit(count: 20, per: .seconds(600))
            ),
            (
                "DIALTONE_PUMPING_PER_COUNTRY", "50/1m", "perCountry",
                RateLimit(count: 50, per: .seconds(60))
            ),
            (
                "DIALTONE_PUMPING_PER_PREFIX", "10/1m", "perPrefix",
                RateLimit(count: 10, per: .seconds(60))
            ),
        ] as [(String, String, String, RateLimit?)]
    )
    func limits(
        variable: String, value: String, limit name: String,
        expected: RateLimit?
    )
        async throws
    {
        let throttles = try await Self.load([variable: value]).policy.throttles
        let actual =
            switch name {
            case "perNumber": throttles.perNumber
            case "perAccount": throttles.perAccount
            case "perClientAddress": throttles.perClientAddress
            case "perCountry": throttles.pumping.perCountry
            default: throttles.pumping.perPrefix
            }
        #expect(actual == expected)
    }

    @Test("Cooldown, prefix length and the guard's switches")
    func switches() async throws {
        let throttles = try await Self.load([
            "DIALTONE_THROTTLE_RESEND_COOLDOWN": "30s", "DIALTONE_PUMPING_PREFIX_DIGITS": "5",
            "DIALTONE_PUMPING_REFUSE_PREMIUM_RATE": "true", "DIALTONE_PUMPING_REFUSE_NON_MOBILE_SMS": "yes",
            "DIALTONE_PUMPING_LOG_ONLY": "1",
        ]).policy.throttles
        #expect(throttles.resendCooldown == .seconds(30))
        #expect(throttles.pumping.prefixDigits == 5)
        #expect(
            throttles.pumping.refusePremiumRate && throttles.pumping.refuseNonMobileSMS
                && throttles.pumping.logOnly)
    }

    @Test(
        "A value that cannot be read is refused, naming the variable",
        arguments: [
            ("DIALTONE_THROTTLE_PER_NUMBER", "5"), ("DIALTONE_THROTTLE_PER_NUMBER", "5/10"),
            ("DIALTONE_THROTTLE_PER_NUMBER", "0/1m"), ("DIALTONE_THROTTLE_PER_ACCOUNT", "x/1s"),
            ("DIALTONE_THROTTLE_PER_CLIENT_ADDRESS", "5/-1m"), ("DIALTONE_THROTTLE_RESEND_COOLDOWN", "10"),
            ("DIALTONE_PUMPING_PREFIX_DIGITS", "0"), ("DIALTONE_PUMPING_LOG_ONLY", "maybe"),
            ("DIALTONE_PUMPING_PER_PREFIX", "5/1d"),
        ]
    )
    func refused(variable: String, value: String) async throws {
        do {
            _ = try await Self.load([variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch let problem as ServerConfiguration.Problem {
            guard case .badValue(let key, _) = problem else {
                Issue.record("unexpected \(problem)")
                return
            }
            #expect(key == variable)
        }
    }

    @Test("A per-account limit from the environment answers 429 with Retry-After at its edge")
    func perAccountLimit() async throws {
        var configuration = try await Self.load(["DIALTONE_THROTTLE_PER_ACCOUNT": "2/1m"])
        configuration.database = "memory"
        let parts = try await ServerParts.make(configuration, logger: .init(label: "test"))
        let app = Application(router: parts.router())
        try await app.test(.router) { client in
            let basic = "Basic " + Data("sandbox:sandbox".utf8).base64EncodedString()
            for (index, expected) in [HTTPResponse.Status.ok, .ok, .tooManyRequests].enumerated() {
                let body = #"{"phone_number":"+1202555016\#(index)"}"#
                try await client.execute(
                    uri: "/fraud/send-sms", method: .post,
                    headers: [.authorization: basic, .contentType: "application/json"],
                    body: .init(string: body)
                ) { response in
                    #expect(response.status == expected)
                    if expected == .tooManyRequests {
                        #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                    }
                }
            }
        }
    }
}
