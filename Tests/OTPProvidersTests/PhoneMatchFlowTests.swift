import Foundation
import OTPProviders
import Testing

@Suite("PhoneMatch two-step flow")
struct PhoneMatchFlowTests {
    @Test(
        "the continue request is the response's template with the user's entry",
        arguments: [
            Fixture.smsInitialResponse, .callInitialResponse,
        ])
    func buildsTheSampleContinueRequest(_ fixture: Fixture) throws {
        let response = try fixture.decode(PhoneMatchInitialResponse.self)
        let request = try response.continueRequest(userEntry: "12345")
        #expect(request == (try Fixture.smsContinueRequest.decode(PhoneMatchContinueRequest.self)))
        #expect(response.continuationPath == PhoneMatchContinueRequest.path)
        #expect(request.validate().isEmpty)
    }

    @Test(
        "the entry is folded",
        arguments: [
            ("12345", "12345"), ("12 345", "12345"), ("123-45", "12345"), ("١٢٣٤٥", "12345"),
            ("１２３４５", "12345"),
        ])
    func foldsEntry(_ entry: String, expected: String) throws {
        let response = try Fixture.smsInitialResponse.decode(PhoneMatchInitialResponse.self)
        #expect(try response.continueRequest(userEntry: entry).codeMatch.key?.reveal() == expected)
    }

    @Test("errors: no continuation, no token, empty entry")
    func errors() throws {
        var response = try Fixture.smsInitialResponse.decode(PhoneMatchInitialResponse.self)
        #expect(throws: PhoneMatchFlowError.emptyEntry) { try response.continueRequest(userEntry: " - ") }

        response.continuations?.outOfBand?.template.token = ""
        #expect(throws: PhoneMatchFlowError.missingToken) { try response.continueRequest(userEntry: "1") }

        response.continuations = nil
        response.result = PhoneMatchResult(action: .fail, detail: .dataCheckFailed)
        #expect(throws: PhoneMatchFlowError.noContinuation(action: .fail, detail: .dataCheckFailed)) {
            try response.continueRequest(userEntry: "12345")
        }
        #expect(response.continuationPath == nil)
    }

    @Test("a FAIL response without continuations decodes")
    func failResponse() throws {
        let json = #"""
            {"output":{"outofband":{}},"meta":{"confirmation":1,"reference":"r","service":"PhoneMatch5.0.SMS",
            "timestamp":"2019-01-07 12:35:09","company":"c","user":"u"},
            "result":{"action":"FAIL","detail":"SUPPRESSED SENDING CODE","issues":[]}}
            """#
        let response = try JSONDecoder().decode(PhoneMatchInitialResponse.self, from: Data(json.utf8))
        #expect(response.continuations == nil)
        #expect(response.result.detail == .suppressedSendingCode)
        #expect(try roundTripped(response) == response)
    }

    @Test("iDenfy: the verify request from the send response")
    func idenfy() throws {
        let sent = try Fixture.idenfySendResponse.decode(IdenfySendSMSResponse.self)
        let verify = sent.verifyRequest(userEntry: "١٢ ٣٤")
        #expect(verify.requestID == "3d50e1584e0946e789e0185c009aaadf")
        #expect(verify.receivedCode.reveal() == "1234")
        #expect(verify.validate().isEmpty)
    }
}
