import DialtoneTestSupport
import Testing

/// The `dialtone-verify` binary against a sandbox: complete flows, and its exit statuses.
@Suite("dialtone-verify")
struct CLITests {
    static let phoneMatchEnvironment = [
        "DIALTONE_PHONEMATCH_USER": "sandbox", "DIALTONE_PHONEMATCH_PASS": "sandbox",
    ]
    static let idenfyEnvironment = [
        "DIALTONE_IDENFY_API_KEY": "sandbox", "DIALTONE_IDENFY_API_SECRET": "sandbox",
    ]

    /// The value after `label: ` in `text`.
    static func field(_ label: String, in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(label + ": ") {
            return String(line.dropFirst(label.count + 2))
        }
        return nil
    }

    @Test("PhoneMatch: send prints the token, check with the journal's code passes, status reads PASS")
    func phoneMatch() async throws {
        try await Sandbox.with { sandbox in
            let base = ["--base-url", sandbox.server.base]
            let sent = try await VerifyRun.run(
                [
                    "phonematch", "send", "--phone", "2015106040", "--first-name", "Ada", "--last-name",
                    "Lovelace",
                ]
                    + base, environment: Self.phoneMatchEnvironment)
            #expect(sent.status == 0, "\(sent.stderr)")
            #expect(sent.stdout.hasPrefix("PhoneMatch PENDING: "))
            let token = try #require(Self.field("token", in: sent.stdout))
            let code = try await sandbox.code(to: "+12015106040")
            // The code on standard input, as a person would type it.
            let checked = try await VerifyRun.run(
                ["phonematch", "check", "--token", token] + base, stdin: code + "\n")
            #expect(checked.status == 0, "\(checked.stderr)")
            #expect(checked.stdout.contains("PhoneMatch PASS: ALL CHECKS PASSED"))
            let status = try await VerifyRun.run(["phonematch", "status", "--token", token] + base)
            #expect(status.status == 0)
            #expect(status.stdout.contains("the code matched"))
            // The one continue is spent: a second check is FAIL (exit 1).
            let again = try await VerifyRun.run(
                ["phonematch", "check", "--token", token, "--code", code] + base)
            #expect(again.status == 1)
        }
    }

    @Test("iDenfy: send prints the request id, a wrong code exits 1, the right one 0")
    func idenfy() async throws {
        try await Sandbox.with { sandbox in
            let base = ["--base-url", sandbox.server.base]
            let sent = try await VerifyRun.run(
                ["idenfy", "send", "--phone", "+12025550190", "--sender-name", "Acme"] + base,
                environment: Self.idenfyEnvironment)
            #expect(sent.status == 0, "\(sent.stderr)")
            let requestID = try #require(Self.field("request id", in: sent.stdout))
            let code = try await sandbox.code(to: "+12025550190")
            let wrong = try await VerifyRun.run(
                ["idenfy", "check", "--request-id", requestID, "--code", code == "0000" ? "1111" : "0000"]
                    + base,
                environment: Self.idenfyEnvironment)
            #expect(wrong.status == 1)
            #expect(wrong.stdout == "iDenfy: not verified\n")
            let right = try await VerifyRun.run(
                ["idenfy", "check", "--request-id", requestID, "--code", code] + base,
                environment: Self.idenfyEnvironment)
            #expect(right.status == 0)
            #expect(right.stdout == "iDenfy: verified\n")
        }
    }

    /// A run and the status it must exit with.
    struct StatusCase: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        let environment: [String: String]
        let status: Int32
        let stderr: String
        var testDescription: String { name }
    }

    static let statusCases: [StatusCase] = [
        StatusCase(
            name: "unknown option: 64", arguments: ["idenfy", "send", "--phone", "+12025550191", "--bogus"],
            environment: idenfyEnvironment, status: 64, stderr: "dialtone-verify: "),
        StatusCase(
            name: "no subcommand option value: 64", arguments: ["phonematch", "check"],
            environment: phoneMatchEnvironment, status: 64, stderr: "--token"),
        StatusCase(
            name: "credentials missing: 78", arguments: ["idenfy", "send", "--phone", "+12025550191"],
            environment: [:], status: 78, stderr: "DIALTONE_IDENFY_API_KEY"),
        StatusCase(
            name: "pre-flight refuses a number that is not E.164: 65",
            arguments: ["idenfy", "send", "--phone", "2025550191"], environment: idenfyEnvironment,
            status: 65,
            stderr: "phone_number"),
        StatusCase(
            name: "wrong credentials: 77", arguments: ["idenfy", "send", "--phone", "+12025550191"],
            environment: ["DIALTONE_IDENFY_API_KEY": "sandbox", "DIALTONE_IDENFY_API_SECRET": "nope"],
            status: 77,
            stderr: "HTTP 401"),
        StatusCase(
            name: "a 500 after a paid call: 74, not repeated",
            arguments: [
                "idenfy", "send", "--phone", "+12025550191", "--header", "Dialtone-Sandbox-Fault: status-500",
            ],
            environment: idenfyEnvironment, status: 74, stderr: "not repeated"),
        StatusCase(
            name: "a malformed answer to a check: 65",
            arguments: [
                "idenfy", "check", "--request-id", String(repeating: "c", count: 32), "--code", "1234",
                "--header",
                "Dialtone-Sandbox-Fault: malformed",
            ], environment: idenfyEnvironment, status: 65, stderr: "not the expected JSON"),
        StatusCase(
            name: "the provider's FAIL: 1",
            arguments: [
                "phonematch", "send", "--phone", "+12015550102", "--first-name", "A", "--last-name", "B",
            ], environment: phoneMatchEnvironment, status: 1, stderr: ""),
    ]

    @Test("Exit statuses", arguments: statusCases)
    func exitStatus(_ testCase: StatusCase) async throws {
        try await Sandbox.with { sandbox in
            let run = try await VerifyRun.run(
                testCase.arguments + ["--base-url", sandbox.server.base], environment: testCase.environment)
            #expect(run.status == testCase.status, "\(run.stdout) \(run.stderr)")
            #expect(testCase.stderr.isEmpty || run.stderr.contains(testCase.stderr), "\(run.stderr)")
            #expect(!run.stderr.contains("nope"))
        }
    }

    @Test("No connection (a closed port): 69")
    func refused() async throws {
        let closed = try ClosedPort()
        defer { withExtendedLifetime(closed) {} }
        let port = closed.port
        let run = try await VerifyRun.run(
            ["idenfy", "send", "--phone", "+12025550192", "--base-url", "http://127.0.0.1:\(port)"],
            environment: Self.idenfyEnvironment)
        #expect(run.status == 69, "\(run.stderr)")
        #expect(run.stderr.contains("nothing was sent"))
    }
}
