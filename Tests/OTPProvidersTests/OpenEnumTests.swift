import Foundation
import OTPProviders
import Testing

@Suite("Provider values: documented and unknown")
struct OpenEnumTests {
    @Test(
        "every documented action", arguments: zip(PhoneMatchAction.documented, ["PASS", "PENDING", "FAIL"]))
    func action(_ action: PhoneMatchAction, raw: String) throws {
        #expect(action.rawValue == raw)
        #expect(PhoneMatchAction(rawValue: raw) == action)
        #expect(try roundTripped(action) == action)
        #expect(try jsonText([action]) == "[\"\(raw)\"]")
    }

    @Test(
        "every documented detail",
        arguments: zip(
            PhoneMatchDetail.documented,
            [
                "SUPPRESSED SENDING CODE", "FAILED TO SEND TO NUMBER", "DATA CHECK FAILED",
                "TRANSACTION REQUIRES FURTHER ATTENTION", "MORE INFORMATION IS REQUIRED", "ALL CHECKS PASSED",
                "FAILED OUT-OF-BAND CHECK",
            ]))
    func detail(_ detail: PhoneMatchDetail, raw: String) throws {
        #expect(detail.rawValue == raw)
        #expect(PhoneMatchDetail(rawValue: raw) == detail)
        #expect(try roundTripped(detail) == detail)
    }

    @Test(
        "every documented line type",
        arguments: zip(PhoneMatchLineType.documented, ["mobile", "landline", "voip"]))
    func lineType(_ type: PhoneMatchLineType, raw: String) throws {
        #expect(type.rawValue == raw)
        #expect(try roundTripped(type) == type)
    }

    @Test("unknown values survive a round trip", arguments: ["REVIEW", "pass", "", "FAIL ", "ÉCHEC"])
    func unknown(_ raw: String) throws {
        #expect(try roundTripped(PhoneMatchAction(rawValue: raw)) == .unknown(raw))
        #expect(try roundTripped(PhoneMatchDetail(rawValue: raw)) == .unknown(raw))
        #expect(try roundTripped(PhoneMatchLineType(rawValue: raw)) == .unknown(raw))
        #expect(try roundTripped(PhoneMatchService(rawValue: raw)) == .unknown(raw))
        #expect(PhoneMatchAction(rawValue: raw).rawValue == raw)
    }

    @Test("a response with new action and detail values decodes and re-encodes them verbatim")
    func unknownInResponse() throws {
        var data = try Fixture.smsContinueResponse.data()
        let text = String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "\"PASS\"", with: "\"REVIEW\"")
            .replacingOccurrences(of: "ALL CHECKS PASSED", with: "MANUAL REVIEW REQUIRED")
        data = Data(text.utf8)
        let response = try JSONDecoder().decode(PhoneMatchContinueResponse.self, from: data)
        #expect(response.result.action == .unknown("REVIEW"))
        #expect(response.result.detail == .unknown("MANUAL REVIEW REQUIRED"))
        let again = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(response))
        #expect(again == (try JSONDecoder().decode(JSONValue.self, from: data)))
    }

    @Test("issues of any shape survive a round trip")
    func issues() throws {
        let json =
            #"{"action":"FAIL","detail":"DATA CHECK FAILED","issues":["x",{"code":7,"ok":false},null,1.5]}"#
        let result = try JSONDecoder().decode(PhoneMatchResult.self, from: Data(json.utf8))
        #expect(
            result.issues == [
                .string("x"), .object(["code": .integer(7), "ok": .bool(false)]), .null, .double(1.5),
            ])
        #expect(try roundTripped(result) == result)
    }
}
