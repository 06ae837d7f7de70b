import Foundation
import OTPProviders
import Testing

@Suite("Secrets never leak")
struct RedactionTests {
    static let password = "hunter2-PASS-x9"
    static let apiSecret = "idenfy-SECRET-q7"
    static let code = "918273"

    /// Every way a value may be printed or logged.
    static func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped, "\(value)"]
    }

    static func values() -> [(String, Any, String)] {
        let credentials = IdenfyCredentials(apiKey: "key-1", apiSecret: Secret(apiSecret))
        let base64 = Data("key-1:\(apiSecret)".utf8).base64EncodedString()
        return [
            (
                "PhoneMatch initial request",
                PhoneMatchInitialRequest(
                    user: "user", password: Secret(password), service: .sms,
                    target: .init(firstName: "John", lastName: "Smith", phone: "2015106000")), password
            ),
            (
                "PhoneMatch continue request",
                PhoneMatchContinueRequest(
                    token: "o76m3nvz94jvaatfsmespzgx3qkzjjl1", codeMatch: .init(key: Secret(code))), code
            ),
            (
                "iDenfy verify request",
                IdenfyVerifySMSRequest(
                    requestID: "3d50e1584e0946e789e0185c009aaadf", receivedCode: Secret(code)), code
            ),
            ("iDenfy credentials", credentials, apiSecret),
            ("iDenfy authorization", credentials.authorization, base64),
            ("iDenfy credentials (encoded form)", credentials, base64),
            ("a bare secret", Secret(password), password),
            ("an optional secret", Optional(Secret(code)) as Any, code),
            ("secrets in an array", [Secret(code), Secret(password)], code),
        ]
    }

    @Test("description, debugDescription and dump are redacted", arguments: 0..<9)
    func redacted(_ index: Int) {
        let (name, value, secret) = Self.values()[index]
        for rendering in Self.renderings(value) {
            #expect(!rendering.contains(secret), "\(name) leaks in: \(rendering)")
        }
        #expect(Self.renderings(value).allSatisfy { $0.contains("redacted") }, "\(name)")
    }

    @Test("errors and issues never carry the values")
    func errors() throws {
        let failure = Result { () throws(ValidationFailure) -> IdenfyVerifySMSRequest in
            try IdenfyVerifySMSRequest(requestID: "x", receivedCode: Secret("918a273")).prepared()
        }
        guard case .failure(let error) = failure else {
            Issue.record("expected a validation failure")
            return
        }
        for rendering in Self.renderings(error) + [error.localizedDescription] {
            #expect(!rendering.contains("918a273"))
            #expect(!rendering.contains("918"))
        }
        #expect(error.description.contains("received_code must contain only the digits 0-9"))

        let credentials = IdenfyCredentials(apiKey: "a:b", apiSecret: Secret(""))
        #expect(credentials.validate().map(\.rule) == [.noColon, .required])
    }

    @Test("the JSON body still carries the secret (the one place it belongs)")
    func jsonKeepsSecrets() throws {
        let request = PhoneMatchContinueRequest(token: "t", codeMatch: .init(key: Secret(Self.code)))
        #expect(try jsonText(request) == #"{"codematch":{"key":"918273"},"token":"t"}"#)
        let verify = IdenfyVerifySMSRequest(requestID: "r", receivedCode: Secret("1234"))
        #expect(try jsonText(verify) == #"{"received_code":"1234","request_id":"r"}"#)
        let initial = try Fixture.smsInitialRequest.decode(PhoneMatchInitialRequest.self)
        #expect(try jsonText(initial).contains(#""pass":"PASSWORD""#))
        #expect(!String(describing: initial).contains("PASSWORD"))
    }
}
