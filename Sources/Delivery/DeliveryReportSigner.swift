import Crypto
public import Verification

/// Signs the delivery-report URLs the server hands to a gateway, so that only the gateway that
/// was given a URL can report on that message: anyone else calling the report route with a made-up
/// verification id is refused. The key is derived from the server secret.
public struct DeliveryReportSigner: Sendable {
    private let key: SymmetricKey

    /// A signer whose key is derived from `secret` (the server secret).
    public init(secret: [UInt8]) {
        let derived = HMAC<SHA256>.authenticationCode(
            for: Array("dialtone-delivery-report-v1".utf8), using: SymmetricKey(data: secret))
        key = SymmetricKey(data: Array(derived))
    }

    /// The signature (32 hexadecimal digits) of a report URL for one message.
    public func signature(verificationID: String, messageID: String, kind: DeliveryKind) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("\(verificationID)\n\(messageID)\n\(kind.rawValue)".utf8), using: key)
        return Hex.encode(Array(mac).prefix(16))
    }

    /// Whether `signature` is the one for this message, compared in constant time.
    public func isValid(_ signature: String, verificationID: String, messageID: String, kind: DeliveryKind)
        -> Bool
    {
        let expected = Array(
            self.signature(verificationID: verificationID, messageID: messageID, kind: kind).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }
}

/// Lower-case hexadecimal.
enum Hex {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
