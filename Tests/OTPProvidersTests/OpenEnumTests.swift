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

    /// A number a `Double` reads as a whole number is an `integer`, so that it reads back the same
    /// after a round trip (the encoder writes a whole `Double` without a fraction). Found by
    /// fuzz-provider: `9223372036854775.0808` read as `double(9223372036854776.0)`, written
    /// `9223372036854776`, read back as `integer`.
    @Test(
        "whole numbers are integers however written; a round trip keeps every number",
        arguments: [
            ("9223372036854775.0808", JSONValue.integer(9_223_372_036_854_776)),
            ("7.0", .integer(7)), ("7e0", .integer(7)), ("-0", .integer(0)), ("-0.0", .integer(0)),
            ("7", .integer(7)), ("1.5", .double(1.5)), ("1.5e300", .double(1.5e300)),
            ("9.3e18", .double(9.3e18)), ("-9223372036854775808", .integer(.min)),
        ])
    func wholeNumbers(_ text: String, _ expected: JSONValue) throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value == expected)
        let encoded = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: encoded) == value)
    }
}
