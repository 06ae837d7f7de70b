import OTPProviders
import ProviderClients
import Testing

/// Every fault the sandbox injects (`Dialtone-Sandbox-Fault`, `Dialtone-Sandbox-Latency`), on
/// each kind of call: paid calls are never repeated and say the code may have gone out;
/// idempotent calls are repeated on 502, 503 and 504 only.
@Suite("Provider clients: sandbox faults")
struct FaultTests {
    /// The call a case makes.
    enum Operation: String, Sendable {
        case initial, sendSMS = "send_sms", verifySMS = "verify_sms", `continue`, status

        var provider: String { self == .sendSMS || self == .verifySMS ? "idenfy" : "phonematch" }
        var isPaid: Bool { self == .initial || self == .sendSMS }
    }

    /// What the call must give.
    enum Expected: Sendable {
        /// An answer.
        case answer
        /// An error with this identifier (the cause's, inside `outcome_unknown` for paid calls)
        /// after this many HTTP exchanges.
        case error(String, attempts: Int64)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let fault: String?
        let latency: Int?
        let operation: Operation
        let read: Duration?
        let total: Duration?
        let expected: Expected

        init(
            _ fault: String?, _ operation: Operation, latency: Int? = nil, read: Duration? = nil,
            total: Duration? = nil, _ expected: Expected
        ) {
            self.fault = fault
            self.latency = latency
            self.operation = operation
            self.read = read
            self.total = total
            self.expected = expected
        }

        var testDescription: String {
            "\(fault ?? "latency \(latency ?? 0) ms") on \(operation.rawValue)"
        }

        var configuration: ProviderClientConfiguration {
            var headers: [(name: String, value: String)] = []
            if let fault { headers.append((name: "Dialtone-Sandbox-Fault", value: fault)) }
            if let latency { headers.append((name: "Dialtone-Sandbox-Latency", value: String(latency))) }
            // Cases that test a timeout set their own; the others' bounds leave room for a
            // machine busy with the rest of the suite (25 sandbox processes start at once).
            let timeouts = ProviderTimeouts(
                connect: .seconds(2), read: read ?? .seconds(10), total: total ?? .seconds(30))
            return Sandbox.configuration(headers: headers, timeouts: timeouts)
        }
    }

    static let cases: [Case] = [
        // Paid calls: one attempt, whatever the fault, and the error says a code may have gone out.
        Case("status-500", .initial, .error("http_status", attempts: 1)),
        Case("status-502", .sendSMS, .error("http_status", attempts: 1)),
        Case("status-503", .initial, .error("http_status", attempts: 1)),
        Case("status-504", .sendSMS, .error("http_status", attempts: 1)),
        Case("reject", .sendSMS, .error("http_status", attempts: 1)),
        Case("malformed", .initial, .error("undecodable_response", attempts: 1)),
        Case("truncated", .sendSMS, .error("undecodable_response", attempts: 1)),
        Case("truncated", .initial, .error("undecodable_response", attempts: 1)),
        // Time for the route to run (and journal the message) on a loaded machine, then the timeout.
        Case("timeout", .sendSMS, total: .seconds(4), .error("timeout", attempts: 1)),
        Case("timeout", .initial, read: .seconds(2), .error("timeout", attempts: 1)),
        Case("slow-body", .initial, read: .milliseconds(100), .error("timeout", attempts: 1)),
        Case("slow-body", .sendSMS, .answer),
        // The first byte may take connect (2 s) + read (0.5 s).
        Case(nil, .sendSMS, latency: 3000, read: .milliseconds(500), .error("timeout", attempts: 1)),
        // Idempotent calls: repeated on 502, 503 and 504, not on 500 or a bad body.
        Case("status-500", .verifySMS, .error("http_status", attempts: 1)),
        Case("status-502", .verifySMS, .error("http_status", attempts: 3)),
        Case("status-503", .status, .error("http_status", attempts: 3)),
        Case("status-504", .continue, .error("http_status", attempts: 3)),
        Case("status-500", .continue, .error("http_status", attempts: 1)),
        Case("reject", .verifySMS, .error("http_status", attempts: 3)),
        Case("malformed", .verifySMS, .error("undecodable_response", attempts: 1)),
        Case("truncated", .continue, .error("undecodable_response", attempts: 1)),
        Case("timeout", .verifySMS, total: .milliseconds(1500), .error("timeout", attempts: 1)),
        Case("slow-body", .status, read: .milliseconds(100), .error("timeout", attempts: 1)),
        Case("slow-body", .verifySMS, .answer),
        Case(nil, .continue, latency: 300, .answer),
    ]

    @Test("A sandbox fault gives the documented behaviour", arguments: cases)
    func fault(_ testCase: Case) async throws {
        try await Sandbox.with { sandbox in
            let result = try await Self.perform(testCase, sandbox)
            let number = testCase.operation.provider == "idenfy" ? Self.idenfyNumber : Self.phoneMatchNumber
            switch (testCase.expected, result) {
            case (.answer, .success): break
            case (.error(let identifier, let attempts), .failure(let error)):
                if testCase.operation.isPaid {
                    #expect(error.identifier == "outcome_unknown", "\(error)")
                    #expect(error.mayHaveReachedProvider)
                }
                #expect(error.cause.identifier == identifier, "\(error)")
                #expect(
                    sandbox.attempts(testCase.operation.provider, testCase.operation.rawValue) == attempts)
                #expect(
                    sandbox.calls(
                        testCase.operation.provider, testCase.operation.rawValue, outcome: error.identifier)
                        == 1)
                if case .httpStatus(let failure) = error.cause {
                    #expect(failure.attempts == Int(attempts))
                    #expect(failure.errorIdentifier == "sandbox_fault")
                }
                if case .undecodableResponse(let response) = error.cause {
                    // The raw bytes are the caller's: the sandbox's `<html>not json`, or half a JSON object.
                    #expect(testCase.fault != "malformed" || response.body == Array("<html>not json".utf8))
                    #expect(testCase.fault != "truncated" || response.body.first == UInt8(ascii: "{"))
                    #expect(!response.description.contains("not json"))
                }
            default:
                Issue.record("\(testCase.testDescription): \(result)")
            }
            // A paid call reached the provider exactly once (none for `reject`, which refuses
            // before the route runs).
            if testCase.operation.isPaid {
                // With latency the route runs after the client gave up: the code still goes out,
                // which is why the error says the outcome is unknown.
                if let latency = testCase.latency { try await Task.sleep(for: .milliseconds(latency)) }
                let expectedMessages = testCase.fault == "reject" ? 0 : 1
                #expect(try await sandbox.messages(to: number).count == expectedMessages)
            }
        }
    }

    static let phoneMatchNumber = "+12015106010"
    static let idenfyNumber = "+12025550170"

    /// Sets the call up without the fault, then makes it with the fault.
    static func perform(_ testCase: Case, _ sandbox: Sandbox) async throws -> Result<
        Void, ProviderClientError
    > {
        let faulty = testCase.configuration
        switch testCase.operation {
        case .initial:
            return await capture {
                _ = try await sandbox.phoneMatch(faulty).start(Sandbox.initial(phone: phoneMatchNumber))
            }
        case .sendSMS:
            return await capture {
                _ = try await sandbox.idenfy(faulty).sendSMS(IdenfySendSMSRequest(phoneNumber: idenfyNumber))
            }
        case .verifySMS:
            let sent = try await sandbox.idenfy().sendSMS(IdenfySendSMSRequest(phoneNumber: idenfyNumber))
            let code = try await sandbox.code(to: idenfyNumber)
            return await capture {
                let answer = try await sandbox.idenfy(faulty).verifySMS(
                    sent.response.verifyRequest(userEntry: code))
                #expect(answer.isVerified)
            }
        case .continue:
            let outcome = try await sandbox.phoneMatch().start(Sandbox.initial(phone: phoneMatchNumber))
            let request = try outcome.response.continueRequest(
                userEntry: try await sandbox.code(to: phoneMatchNumber))
            return await capture {
                let answer = try await sandbox.phoneMatch(faulty).continue(request)
                #expect(answer.result.action == .pass)
            }
        case .status:
            let client = sandbox.phoneMatch()
            let outcome = try await client.start(Sandbox.initial(phone: phoneMatchNumber))
            let request = try outcome.response.continueRequest(
                userEntry: try await sandbox.code(to: phoneMatchNumber))
            _ = try await client.continue(request)
            return await capture {
                let answer = try await sandbox.phoneMatch(faulty).status(token: request.token)
                #expect(answer.result.action == .pass)
            }
        }
    }

    static func capture(_ body: () async throws -> Void) async -> Result<Void, ProviderClientError> {
        await Sandbox.result(body)
    }
}
