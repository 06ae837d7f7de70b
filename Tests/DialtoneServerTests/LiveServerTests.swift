import AsyncHTTPClient
import DialtoneTestSupport
import DialtoneVersion
import Foundation
import NIOCore
import Testing

/// The built `dialtone-server` binary, started as a user starts it (`--sandbox --port 0`), driven
/// over real HTTP with AsyncHTTPClient and with curl, stopped with SIGTERM.
@Suite("Live server process", .serialized)
struct LiveServerTests {
    static func database() throws -> String { try ServerProcess.temporaryDatabase() }
    static func curl(_ arguments: [String]) async throws -> String { try await ServerProcess.curl(arguments) }
    static func object(_ text: String) -> [String: Any] { ServerProcess.object(text) }
    static func code(_ server: ServerProcess, to number: String) async throws -> String {
        try await server.code(to: number)
    }

    @Test("curl: a PhoneMatch and an iDenfy flow end to end, the escalation by the virtual clock, SIGTERM")
    func curlSession() async throws {
        let server = try await ServerProcess(database: try Self.database())
        let initial = try await Self.curl([
            "-H", "Content-Type: application/json", "-d",
            #"{"user":"sandbox","pass":"sandbox","service":"PhoneMatch5.0.SMS","reference":"r1","target":{"fn":"Ada","ln":"Lovelace","phone":"+442079460958"}}"#,
            "\(server.base)/process/comprehensive/gateway",
        ])
        let continuation =
            (Self.object(initial)["continuations"] as? [String: Any])?["outofband"] as? [String: Any]
        let token = try #require((continuation?["template"] as? [String: Any])?["token"] as? String)
        let code = try await Self.code(server, to: "+442079460958")
        let passed = try await Self.curl([
            "-H", "Content-Type: application/json", "-d",
            #"{"token":"\#(token)","codematch":{"key":"\#(code)"}}"#,
            "\(server.base)/process/continue",
        ])
        #expect((Self.object(passed)["result"] as? [String: Any])?["action"] as? String == "PASS")

        let sent = try await Self.curl([
            "-u", "sandbox:sandbox", "-H", "Content-Type: application/json", "-d",
            #"{"phone_number":"+12025550163"}"#,
            "\(server.base)/fraud/send-sms",
        ])
        let requestID = try #require(Self.object(sent)["request_id"] as? String)
        let advanced = try await Self.curl([
            "-H", "Content-Type: application/json", "-d", #"{"seconds":120}"#,
            "\(server.base)/sandbox/clock/advance",
        ])
        #expect(Self.object(advanced)["steps_run"] as? Int == 1)
        let callCode = try await Self.code(server, to: "+12025550163")
        let verified = try await Self.curl([
            "-u", "sandbox:sandbox", "-H", "Content-Type: application/json", "-d",
            #"{"request_id":"\#(requestID)","received_code":"\#(callCode)"}"#,
            "\(server.base)/fraud/verify-sms",
        ])
        #expect(Self.object(verified)["is_verified"] as? Bool == true)
        #expect(try await server.stop() == 0)
    }

    @Test("--version reports the package's one version")
    func version() async throws {
        let child = try Spawned.start(try ServerProcess.binary().path, ["--version"], environment: [:])
        let output = await child.read(until: { $0.hasSuffix("\n") }, deadline: Date().addingTimeInterval(30))
        #expect(await child.exitStatus() == 0)
        #expect(output == DialtoneVersion.current + "\n")
    }

    @Test("--database memory: an iDenfy flow in the process's memory; a restart starts empty")
    func memoryStore() async throws {
        let first = try await ServerProcess(database: "memory")
        let sent = try await first.post(
            "/fraud/send-sms", #"{"phone_number":"+12025550166"}"#, user: "sandbox:sandbox")
        let requestID = try #require(sent["request_id"] as? String)
        let code = try await first.code(to: "+12025550166")
        let verified = try await first.post(
            "/fraud/verify-sms", #"{"request_id":"\#(requestID)","received_code":"\#(code)"}"#,
            user: "sandbox:sandbox")
        #expect(verified["is_verified"] as? Bool == true)
        #expect(try await first.stop() == 0)
        let second = try await ServerProcess(database: "memory")
        #expect(try await second.messages(to: "+12025550166").isEmpty)
        #expect(try await second.stop() == 0)
    }

    @Test("A process killed (SIGKILL) after scheduling an escalation: after restart the call happens once")
    func killedProcess() async throws {
        let database = try Self.database()
        let first = try await ServerProcess(database: database)
        _ = try await first.post(
            "/fraud/send-sms", #"{"phone_number":"+12025550165"}"#, user: "sandbox:sandbox")
        let code = try await first.code(to: "+12025550165")
        first.kill()
        let second = try await ServerProcess(database: database)
        let advanced = try await second.post("/sandbox/clock/advance", #"{"seconds":125}"#)
        #expect(advanced["steps_run"] as? Int == 1)
        _ = try await second.post("/sandbox/clock/advance", #"{"seconds":1}"#)
        let calls = try await second.messages(to: "+12025550165").filter {
            $0["channel"] as? String == "call"
        }
        #expect(calls.count == 1)
        #expect(try await second.code(to: "+12025550165") == code)
        #expect(try await second.stop() == 0)
    }

    @Test("AsyncHTTPClient: a restart keeps the pending escalation, which then happens once")
    func restartResumesEscalation() async throws {
        let database = try Self.database()
        let first = try await ServerProcess(database: database)
        let client = HTTPClient.shared
        var request = HTTPClientRequest(url: "\(first.base)/fraud/send-sms")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(
            name: "Authorization", value: "Basic " + Data("sandbox:sandbox".utf8).base64EncodedString())
        request.body = .bytes(ByteBuffer(string: #"{"phone_number":"+12025550164"}"#))
        let response = try await client.execute(request, timeout: .seconds(10))
        #expect(response.status == .ok)
        let code = try await Self.code(first, to: "+12025550164")
        #expect(try await first.stop() == 0)

        let second = try await ServerProcess(database: database)
        var advance = HTTPClientRequest(url: "\(second.base)/sandbox/clock/advance")
        advance.method = .POST
        advance.headers.add(name: "Content-Type", value: "application/json")
        advance.body = .bytes(ByteBuffer(string: #"{"seconds":125}"#))
        let advanced = try await client.execute(advance, timeout: .seconds(10))
        let body = try await advanced.body.collect(upTo: 1 << 16)
        #expect(Self.object(String(buffer: body))["steps_run"] as? Int == 1)
        let messages = try await Self.curl(["\(second.base)/sandbox/messages?to=%2B12025550164"])
        let list = (try? JSONSerialization.jsonObject(with: Data(messages.utf8))) as? [[String: Any]] ?? []
        #expect(list.map { $0["channel"] as? String } == ["sms", "call"])
        #expect(try await Self.code(second, to: "+12025550164") == code)
        #expect(try await second.stop() == 0)
    }

    @Test("Start-up refuses what production cannot run without, saying what is missing")
    func refusals() async throws {
        for (arguments, environment, message) in [
            ([String](), ["DIALTONE_SECRET": String(repeating: "ab", count: 32)], "no account is configured"),
            ([], [:], "no server secret is configured"),
            (
                [],
                [
                    "DIALTONE_SECRET": String(repeating: "ab", count: 32), "DIALTONE_PHONEMATCH_USER": "u",
                    "DIALTONE_PHONEMATCH_PASS": "p",
                ],
                "no delivery channel is configured"
            ),
            (["--sandbox"], ["DIALTONE_SMS_CHANNEL": "kannel"], "--sandbox cannot be combined"),
        ] {
            var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DIALTONE_") }
            for (key, value) in environment { env[key] = value }
            // Standard error is what the user reads: capture it through a shell redirect.
            let child = try Spawned.start(
                "/bin/sh",
                [
                    "-c", "exec \"$0\" \"$@\" 2>&1 >/dev/null", try ServerProcess.binary().path,
                ] + arguments + ["--port", "0", "--database", try Self.database()],
                environment: env)
            let text = await child.read(deadline: Date().addingTimeInterval(30))
            let status = await child.exitStatus()
            #expect(status == 78, "\(text)")
            #expect(text.contains(message), "\(text)")
        }
    }
}
