import Foundation
import OTPProviders
import Testing

@Suite("iDenfy basic authentication")
struct BasicAuthorizationTests {
    @Test("RFC 7617's example")
    func rfcExample() {
        let credentials = IdenfyCredentials(apiKey: "Aladdin", apiSecret: Secret("open sesame"))
        #expect(credentials.authorization.value.reveal() == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        #expect(BasicAuthorization.headerName == "Authorization")
        #expect(credentials.validate().isEmpty)
    }

    @Test(
        "agrees with Foundation's Base64 at every padding length",
        arguments: [
            ("", ""), ("f", ""), ("fo", ""), ("foo", ""), ("f", "o"), ("foo", "bar"), ("foob", "ar"),
            ("fooba", "r"),
            ("key", "sécret-ключ-🔑"),
            ("3d50e1584e0946e789e0185c009aaadf", String(repeating: "s", count: 100)),
        ])
    func base64(_ key: String, secret: String) {
        let expected = "Basic " + Data("\(key):\(secret)".utf8).base64EncodedString()
        #expect(
            IdenfyCredentials(apiKey: key, apiSecret: Secret(secret)).authorization.value.reveal() == expected
        )
    }
}
