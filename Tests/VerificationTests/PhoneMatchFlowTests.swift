import OTPProviders
import Testing
import Verification
import VerificationTestSupport

/// PhoneMatch5.0.SMS and .Call, row by row of the documents' action/detail tables, on every store.
@Suite("PhoneMatch flows")
struct PhoneMatchFlowTests {
    struct StartCase: Sendable, CustomTestStringConvertible {
        let name: String
        let request: PhoneMatchInitialRequest
        /// nil: PENDING; otherwise the FAIL detail.
        let fail: PhoneMatchDetail?
        var failing: Set<String> = []
        var testDescription: String { name }
    }

    static let startCases: [StartCase] = [
        StartCase(name: "valid US number: PENDING", request: Harness.phoneMatch("2015550123"), fail: nil),
        StartCase(
            name: "valid E.164 number: PENDING", request: Harness.phoneMatch("+442079460958"), fail: nil),
        StartCase(
            name: "invalid number: DATA CHECK FAILED", request: Harness.phoneMatch("12345"),
            fail: .dataCheckFailed),
        StartCase(
            name: "not a number: DATA CHECK FAILED", request: Harness.phoneMatch("call me"),
            fail: .dataCheckFailed),
        StartCase(
            name: "GB fixed line, landline suppressed",
            request: Harness.phoneMatch("+442079460958", doNotSendTo: [.landline]),
            fail: .suppressedSendingCode),
        StartCase(
            name: "GB mobile, landline suppressed: PENDING",
            request: Harness.phoneMatch("+447400123456", doNotSendTo: [.landline]), fail: nil),
        StartCase(
            name: "US fixed-line-or-mobile, only landline suppressed: PENDING",
            request: Harness.phoneMatch("2015550123", doNotSendTo: [.landline]), fail: nil),
        StartCase(
            name: "US fixed-line-or-mobile, landline and mobile suppressed",
            request: Harness.phoneMatch("2015550123", doNotSendTo: [.landline, .mobile]),
            fail: .suppressedSendingCode),
        StartCase(
            name: "country blacklisted",
            request: Harness.phoneMatch("+442079460958", country: .init(blacklist: ["GB"])),
            fail: .suppressedSendingCode),
        StartCase(
            name: "country not whitelisted",
            request: Harness.phoneMatch("+442079460958", country: .init(whitelist: ["US"])),
            fail: .suppressedSendingCode),
        StartCase(
            name: "country whitelisted: PENDING",
            request: Harness.phoneMatch("+442079460958", country: .init(whitelist: ["GB"])), fail: nil),
        StartCase(
            name: "delivery fails: FAILED TO SEND TO NUMBER", request: Harness.phoneMatch("+442079460958"),
            fail: .failedToSendToNumber, failing: ["+442079460958"]),
    ]

    @Test("Initial request: action and detail", arguments: StoreKind.allCases, startCases)
    func start(_ kind: StoreKind, _ c: StartCase) async throws {
        let h = try await Harness.make(kind, failing: c.failing)
        let outcome = try await h.engine.startPhoneMatch(c.request, caller: Harness.caller)
        switch (outcome, c.fail) {
        case (.pending(let record), nil):
            #expect(record.state == .pending)
            #expect(record.id.count == 32)
            #expect(h.channel.messages.count == 1)
        case (.fail(let detail, _, _), let expected?):
            #expect(detail == expected)
            if expected != .failedToSendToNumber { #expect(h.channel.messages.isEmpty) }
        default:
            Issue.record("got \(outcome), expected \(c.fail.map { "FAIL \($0)" } ?? "PENDING")")
        }
    }

    @Test(
        "Continue: the right code passes once; a wrong, repeated, unknown or expired token fails",
        arguments: StoreKind.allCases)
    func continueFlow(_ kind: StoreKind) async throws {
        let h = try await Harness.make(kind)
        guard
            case .pending(let record) = try await h.engine.startPhoneMatch(
                Harness.phoneMatch("+442079460958"), caller: Harness.caller)
        else { Issue.record("not pending"); return }
        let code = try #require(h.channel.lastCode(to: "+442079460958"))
        #expect(code.count == 6)
        #expect(h.channel.messages.last?.text == "Your one-time password is \(code)")
        let pass = try await h.engine.continuePhoneMatch(token: record.id, entry: Secret(code))
        #expect(pass.passed)
        // The token is spent: the same right code again fails.
        let again = try await h.engine.continuePhoneMatch(token: record.id, entry: Secret(code))
        #expect(!again.passed)
        #expect(again.reason == .alreadyApproved)
        let unknown = try await h.engine.continuePhoneMatch(
            token: String(repeating: "a", count: 32), entry: Secret(code))
        #expect(!unknown.passed && unknown.reason == .unknown)

        // A wrong entry fails and ends the token (one continue per token by default).
        guard
            case .pending(let second) = try await h.engine.startPhoneMatch(
                Harness.phoneMatch("+442079460959"), caller: Harness.caller)
        else { Issue.record("not pending"); return }
        let right = try #require(h.channel.lastCode(to: "+442079460959"))
        let wrongEntry = right == "000000" ? "000001" : "000000"
        let wrong = try await h.engine.continuePhoneMatch(token: second.id, entry: Secret(wrongEntry))
        #expect(!wrong.passed && wrong.reason == .wrongCode)
        let late = try await h.engine.continuePhoneMatch(token: second.id, entry: Secret(right))
        #expect(!late.passed && late.reason == .finished)

        // Expired: 10 minutes by default; 9:59 passes, 10:00 fails.
        guard
            case .pending(let third) = try await h.engine.startPhoneMatch(
                Harness.phoneMatch("+442079460960"), caller: Harness.caller)
        else { Issue.record("not pending"); return }
        let thirdCode = try #require(h.channel.lastCode(to: "+442079460960"))
        h.clock.advance(by: .seconds(600))
        let expired = try await h.engine.continuePhoneMatch(token: third.id, entry: Secret(thirdCode))
        #expect(!expired.passed && expired.reason == .expired)
        #expect(try await h.engine.runDueSteps() >= 1)
        #expect(try await h.engine.store.verification(id: third.id)?.state == .expired)
        #expect(h.observer.kinds(third.id).contains("expired"))
    }

    @Test("The SMS text comes from options.outofband.message; entries in any script and with spaces pass")
    func messageTemplate() async throws {
        let h = try await Harness.make(.memory)
        let request = Harness.phoneMatch(
            "+442079460958", message: "Hello {fn}, your one-time password is {pin}")
        guard case .pending(let record) = try await h.engine.startPhoneMatch(request, caller: Harness.caller)
        else {
            Issue.record("not pending")
            return
        }
        let text = try #require(h.channel.messages.last?.text)
        let code = try #require(h.channel.lastCode(to: "+442079460958"))
        #expect(text == "Hello John, your one-time password is \(code)")
        let spaced = code.prefix(3) + " " + code.dropFirst(3)
        let arabic = String(
            spaced.map { c -> Character in
                c == " " ? " " : Character(Unicode.Scalar(0x0660 + UInt32(String(c))!)!)
            })
        #expect(try await h.engine.continuePhoneMatch(token: record.id, entry: Secret(arabic)).passed)
    }

    @Test("A call reads the code as a voice script: digits one by one, said twice")
    func call() async throws {
        let h = try await Harness.make(.memory)
        guard
            case .pending = try await h.engine.startPhoneMatch(
                Harness.phoneMatch("+442079460958", service: .call), caller: Harness.caller)
        else { Issue.record("not pending"); return }
        let message = try #require(h.channel.messages.last)
        #expect(message.kind == .call)
        let code = try #require(h.channel.lastCode(to: "+442079460958"))
        let spoken = code.map(String.init).joined(separator: ", ")
        #expect(message.text == "Your code is \(spoken). Again: \(spoken).")
    }

    @Test(
        "A message that cannot carry a code is refused before anything is sent",
        arguments: [("Hello {fn}", "message_missing_pin"), ("Hello {fn, code {pin}", "message_malformed")])
    func badMessage(_ message: String, _ identifier: String) async throws {
        let h = try await Harness.make(.memory)
        await #expect(throws: VerificationError.self) {
            _ = try await h.engine.startPhoneMatch(
                Harness.phoneMatch("+442079460958", message: message), caller: Harness.caller)
        }
        do {
            _ = try await h.engine.startPhoneMatch(
                Harness.phoneMatch("+442079460958", message: message), caller: Harness.caller)
        } catch {
            #expect(error.identifier == identifier)
        }
        #expect(h.channel.messages.isEmpty)
    }
}
