import DialtoneTestSupport
import Foundation
import Testing

/// Two `dialtone-server` processes on one PostgreSQL database: what one sends, the other shows
/// and checks; a due call is made once though both workers run.
@Suite(.enabled(if: PostgresServer.isEnabled, PostgresServer.skipReason), .serialized)
struct ServerOnPostgresTests {
    @Test("Two sandbox servers share verifications, the journal and the ladder")
    func twoInstances() async throws {
        let server = try await PostgresServer.shared.value
        try await PostgresServer.withDatabase { configuration in
            let credentials = server.password.map { "\(server.username):\($0)" } ?? server.username
            let url =
                "postgres://\(credentials)@\(server.host):\(server.port)/\(configuration.database ?? "postgres")"
            let a = try await ServerProcess(database: url)
            let b = try await ServerProcess(database: url)
            let sent = try await a.post(
                "/fraud/send-sms", #"{"phone_number":"+12025550170"}"#, user: "sandbox:sandbox")
            let id = try #require(sent["request_id"] as? String)
            // B sees A's message and checks the code A sent.
            let code = try await b.code(to: "+12025550170")
            #expect(code.count == 4)
            // Both advance past 2:00 (each has its own virtual clock); the call is made once.
            _ = try await a.post("/sandbox/clock/advance", #"{"seconds":121}"#)
            _ = try await b.post("/sandbox/clock/advance", #"{"seconds":121}"#)
            let channels = try await a.messages(to: "+12025550170").map { $0["channel"] as? String }
            #expect(channels == ["sms", "call"])
            let verified = try await b.post(
                "/fraud/verify-sms", #"{"request_id":"\#(id)","received_code":"\#(code)"}"#,
                user: "sandbox:sandbox")
            #expect(verified["is_verified"] as? Bool == true)
            let again = try await a.post(
                "/fraud/verify-sms", #"{"request_id":"\#(id)","received_code":"\#(code)"}"#,
                user: "sandbox:sandbox")
            #expect(again["is_verified"] as? Bool == false)
            #expect(try await a.stop() == 0)
            #expect(try await b.stop() == 0)
        }
    }
}
