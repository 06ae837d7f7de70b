import Foundation
import Testing

@testable import DialtoneServer

/// `Authorization: Basic` values (RFC 7617) read from bytes, row by row, and against Foundation's
/// base64 decoder on random credentials.
@Suite struct BasicCredentialsTests {
    static let rows: [(header: String, user: String?, password: String?)] = [
        ("Basic YXBpLWtleTphcGktc2VjcmV0LXZhbHVl", "api-key", "api-secret-value"),
        ("basic YXBpLWtleTphcGktc2VjcmV0LXZhbHVl", "api-key", "api-secret-value"),
        ("BASIC   YXBpLWtleTphcGktc2VjcmV0LXZhbHVl \t", "api-key", "api-secret-value"),
        ("Basic YTpi", "a", "b"),  // no padding needed
        ("Basic YTpiYw==", "a", "bc"),  // two padding characters
        ("Basic YTpiY2Q=", "a", "bcd"),  // one
        ("Basic OmI=", "", "b"),  // empty user-id
        ("Basic YTo=", "a", ""),  // empty password
        ("Basic YTpiOmM=", "a", "b:c"),  // the first colon splits
        ("Basic w6k6w6k=", "é", "é"),  // UTF-8
        ("Basic YWI=", nil, nil),  // no colon
        ("Basic /w==", nil, nil),  // not UTF-8
        ("Basic YTpi=", nil, nil),  // length not a multiple of 4
        ("Basic YT=i", nil, nil),  // padding inside
        ("Basic =Tpi", nil, nil),
        ("Basic YTpi!A==", nil, nil),  // not base64
        ("Basic", nil, nil),
        ("Basic ", nil, nil),
        ("Bearer YTpi", nil, nil),
        ("BasicYTpi", nil, nil),
        ("Basix YTpi", nil, nil),
        ("", nil, nil),
    ]

    @Test(arguments: rows)
    func reads(_ row: (header: String, user: String?, password: String?)) {
        let credentials = BasicCredentials(header: row.header)
        #expect(credentials?.user == row.user)
        #expect(credentials?.password == row.password)
    }

    @Test func refusesOverlongHeaders() {
        let token = Data("a:".utf8 + Array(repeating: UInt8(ascii: "b"), count: 3_100)).base64EncodedString()
        #expect(BasicCredentials(header: "Basic " + token) == nil)
    }

    @Test func agreesWithFoundationOnRandomCredentials() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let user = String(
                (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                    Character(Unicode.Scalar(UInt8.random(in: 0x3B...0x7E, using: &generator)))
                })
            let password = String(
                (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                    Character(Unicode.Scalar(UInt32.random(in: 0x20...0x2FF, using: &generator))!)
                })
            let header = "Basic " + Data((user + ":" + password).utf8).base64EncodedString()
            let credentials = BasicCredentials(header: header)
            #expect(credentials == BasicCredentials(user: user, password: password), "\(header)")
        }
    }
}

/// `Content-Type` values: which ones are JSON.
@Suite struct JSONMediaTypeTests {
    static let rows: [(String, Bool)] = [
        ("application/json", true), ("Application/JSON", true), ("application/json; charset=utf-8", true),
        ("  application/json  ;charset=UTF-8", true), ("\tapplication/json", true),
        ("application/problem+json", true), ("application/vnd.api+JSON; x=1", true),
        ("application/jsonx", false), ("text/json", false), ("application/json5", false), ("json", false),
        ("+json", true), ("application/x-www-form-urlencoded", false), ("", false),
        (";application/json", false),
        ("application/js on", false), ("application\u{0F}json", false),
    ]

    @Test(arguments: rows)
    func reads(_ row: (String, Bool)) {
        #expect(RequestDecoding.isJSON(row.0) == row.1)
    }
}
