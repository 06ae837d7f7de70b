import Foundation
import OTPProviders
import Testing

@Suite("Seed sample bodies")
struct FixtureTests {
    @Test("decode and encode back to equivalent JSON", arguments: Fixture.allCases)
    func roundTrip(_ fixture: Fixture) throws {
        let original = try JSONDecoder().decode(JSONValue.self, from: fixture.data())
        let reencoded = try JSONDecoder().decode(JSONValue.self, from: fixture.roundTrip())
        #expect(reencoded == original)
        // And as Foundation sees it.
        let lhs = try JSONSerialization.jsonObject(with: fixture.data()) as? NSDictionary
        let rhs = try JSONSerialization.jsonObject(with: fixture.roundTrip()) as? NSDictionary
        #expect(lhs != nil)
        #expect(lhs == rhs)
    }

    @Test(
        "initial requests",
        arguments: [
            (Fixture.smsInitialRequest, PhoneMatchService.sms, true),
            (Fixture.callInitialRequest, PhoneMatchService.call, false),
        ])
    func initialRequest(_ fixture: Fixture, service: PhoneMatchService, hasMessage: Bool) throws {
        let request = try fixture.decode(PhoneMatchInitialRequest.self)
        #expect(request.user == "user@company.com")
        #expect(request.password.reveal() == "PASSWORD")
        #expect(request.service == service)
        #expect(request.reference == "12345")
        #expect(request.target == .init(firstName: "John", lastName: "Smith", phone: "2015106000"))
        let outOfBand = try #require(request.options?.outOfBand)
        #expect(outOfBand.doNotSendToTypes == [.voip, .mobile, .landline])
        #expect(
            outOfBand.country == .init(blacklist: ["ISO2 Country Code"], whitelist: ["ISO2 Country Code"]))
        #expect((outOfBand.message == "Hello {fn}, your one-time password is {pin}") == hasMessage)
        #expect((outOfBand.message == nil) == !hasMessage)
    }

    @Test(
        "initial responses",
        arguments: [
            (Fixture.smsInitialResponse, PhoneMatchService.sms),
            (Fixture.callInitialResponse, PhoneMatchService.call),
        ])
    func initialResponse(_ fixture: Fixture, service: PhoneMatchService) throws {
        let response = try fixture.decode(PhoneMatchInitialResponse.self)
        #expect(response.output?.outOfBand == [:])
        #expect(
            response.meta
                == PhoneMatchMeta(
                    confirmation: 57_984_073, reference: "12345", service: service,
                    timestamp: "2019-01-07 12:35:09", company: "Company ABC, Inc.", user: "user@company.com"))
        #expect(response.result == PhoneMatchResult(action: .pending, detail: .moreInformationIsRequired))
        let continuation = try #require(response.continuations?.outOfBand)
        #expect(continuation.url == "/process/continue")
        #expect(continuation.template.token == "o76m3nvz94jvaatfsmespzgx3qkzjjl1")
        #expect(continuation.template.codeMatch.key == nil)
        #expect(continuation.instructions?.hasPrefix("A code has been delivered") == true)
    }

    @Test("continue requests", arguments: [Fixture.smsContinueRequest, .callContinueRequest])
    func continueRequest(_ fixture: Fixture) throws {
        let request = try fixture.decode(PhoneMatchContinueRequest.self)
        #expect(request.token == "o76m3nvz94jvaatfsmespzgx3qkzjjl1")
        #expect(request.codeMatch.key?.reveal() == "12345")
    }

    @Test("continue responses", arguments: [Fixture.smsContinueResponse, .callContinueResponse])
    func continueResponse(_ fixture: Fixture) throws {
        let response = try fixture.decode(PhoneMatchContinueResponse.self)
        #expect(response.final?.template.token == "1x6mvu6b4kuwonduqw8b1nsj7jpxgaza")
        #expect(response.final?.url == "/process/status")
        #expect(response.meta.reference == nil)
        #expect(response.meta.confirmation == 96_197_373)
        // The Call document's sample says PhoneMatch5.0.SMS too; kept as printed.
        #expect(response.meta.service == .sms)
        #expect(response.keyMatched)
        #expect(response.result == PhoneMatchResult(action: .pass, detail: .allChecksPassed))
    }

    @Test("iDenfy bodies")
    func idenfy() throws {
        let send = try Fixture.idenfySendRequest.decode(IdenfySendSMSRequest.self)
        #expect(send == IdenfySendSMSRequest(phoneNumber: "+12025550163", senderName: "The Sender"))
        let sent = try Fixture.idenfySendResponse.decode(IdenfySendSMSResponse.self)
        #expect(sent.requestID == "3d50e1584e0946e789e0185c009aaadf")
        let verify = try Fixture.idenfyVerifyRequest.decode(IdenfyVerifySMSRequest.self)
        #expect(verify == IdenfyVerifySMSRequest(requestID: sent.requestID, receivedCode: Secret("1234")))
        #expect(sent.verifyRequest(userEntry: "1234") == verify)
        #expect(try Fixture.idenfyVerifyResponse.decode(IdenfyVerifySMSResponse.self).isVerified)
        // The samples themselves satisfy the documents' rules.
        #expect(verify.validate().isEmpty)
        #expect(send.senderName.map { $0.count <= IdenfySendSMSRequest.maximumSenderNameLength } == true)
    }

    @Test("a missing optional field is omitted, not written as null")
    func omitsAbsentOptionals() throws {
        let request = IdenfySendSMSRequest(phoneNumber: "+12025550163")
        #expect(try jsonText(request) == #"{"phone_number":"+12025550163"}"#)
        #expect(request.effectiveSenderName == "iDenfy")
        let minimal = PhoneMatchInitialRequest(
            user: "u", password: Secret("p"), service: .sms,
            target: .init(firstName: "A", lastName: "B", phone: "1"))
        #expect(
            try jsonText(minimal)
                == #"{"pass":"p","service":"PhoneMatch5.0.SMS","target":{"fn":"A","ln":"B","phone":"1"},"user":"u"}"#
        )
    }
}
