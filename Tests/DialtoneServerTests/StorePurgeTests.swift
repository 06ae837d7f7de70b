import DialtoneServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import Verification

/// The server purges its store on its own, by the engine's clock: a finished verification's
/// status answers until the policy's retention has passed, then it is gone.
@Suite("Store purge")
struct StorePurgeTests {
    @Test(
        "A finished PhoneMatch verification is kept for the retention, then purged",
        arguments: ["memory", "sqlite"])
    func finishedVerificationIsPurged(_ database: String) async throws {
        var configuration = ServerConfiguration()
        configuration.sandbox = true
        configuration.port = 0
        configuration.database =
            database == "memory"
            ? "memory"
            : FileManager.default.temporaryDirectory.appendingPathComponent(
                "dialtone-purge-\(UUID().uuidString).sqlite"
            ).path
        configuration.phoneMatchAccounts = [
            .init(name: "user@company.com", secret: "PASSWORD", company: "Company ABC, Inc.")
        ]
        configuration.purgeInterval = .milliseconds(20)
        let app = try await buildApplication(
            configuration, logger: Logger(label: "purge-test") { _ in SwiftLogNoOpLogHandler() })
        try await app.test(.live) { client in
            let token = TokenBox()
            try await client.post("/process/comprehensive/gateway", json: FlowRouteTests.initial) {
                response in
                #expect(response.status == .ok)
                let continuation =
                    (response.json["continuations"] as? [String: Any])?["outofband"] as? [String: Any]
                token.set(((continuation?["template"] as? [String: Any])?["token"] as? String) ?? "")
            }
            // One entry finishes a PhoneMatch verification, right or wrong.
            try await client.post(
                "/process/continue", json: #"{"token": "\#(token.value)", "codematch": {"key": "0000000"}}"#
            ) { response in
                #expect(response.status == .ok)
            }
            func status() async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/process/status?token=\(token.value)", method: .get) {
                    $0.status
                }
            }
            // Many purges run meanwhile; the verification is within its retention.
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await status() == .ok)
            try await client.post("/sandbox/clock/advance", json: #"{"seconds": 86500}"#) { response in
                #expect(response.status == .ok)
            }
            var answer = try await status()
            for _ in 0..<250 where answer == .ok {
                try await Task.sleep(for: .milliseconds(20))
                answer = try await status()
            }
            #expect(answer == .notFound)
        }
    }
}
