/// The user-id and password of an `Authorization: Basic` header value (RFC 7617), read from its
/// UTF-8 bytes: the scheme name in any case, one or more spaces, then the base64 (RFC 4648,
/// section 4, padded) of `user-id:password`; spaces and tabs around the token are ignored. The
/// decoded bytes must be UTF-8 and hold a colon; the user-id is what comes before the first one.
struct BasicCredentials: Sendable, Hashable {
    /// The user-id (the iDenfy API key).
    var user: String
    /// The password (the iDenfy API secret).
    var password: String

    /// The longest header value read (longer ones are refused before decoding).
    static let maximumHeaderBytes = 4096

    /// Credentials with these parts.
    init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// Reads `header`; nil when it is not well-formed Basic credentials.
    init?(header: String) {
        var header = header
        let parsed = header.withUTF8 { Self.parse($0) }
        guard let parsed else { return nil }
        self = parsed
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> BasicCredentials? {
        guard bytes.count < maximumHeaderBytes, bytes.count > 6 else { return nil }
        // "basic" in any case, then at least one space.
        guard HeaderBytes.equalsIgnoringCase(bytes, 0..<5, "basic"), bytes[5] == UInt8(ascii: " ") else {
            return nil
        }
        let token = HeaderBytes.trimmed(bytes, 6..<bytes.count)
        let start = token.lowerBound
        let end = token.upperBound
        let length = end - start
        guard length > 0, length % 4 == 0 else { return nil }
        var padding = 0
        if bytes[end - 1] == UInt8(ascii: "=") { padding += 1 }
        if bytes[end - 2] == UInt8(ascii: "=") { padding += 1 }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(length / 4 * 3)
        var index = start
        while index < end {
            var chunk: UInt32 = 0
            for offset in 0..<4 {
                let byte = bytes[index + offset]
                let value: UInt32
                if byte == UInt8(ascii: "=") {
                    // Padding only in the last group's last one or two places.
                    guard index + 4 == end, offset >= 4 - padding else { return nil }
                    value = 0
                } else {
                    guard let sextet = sextet(byte) else { return nil }
                    value = sextet
                }
                chunk = chunk << 6 | value
            }
            decoded.append(UInt8(truncatingIfNeeded: chunk >> 16))
            decoded.append(UInt8(truncatingIfNeeded: chunk >> 8))
            decoded.append(UInt8(truncatingIfNeeded: chunk))
            index += 4
        }
        decoded.removeLast(padding)
        guard let colon = decoded.firstIndex(of: UInt8(ascii: ":")),
            let user = String(validating: decoded[..<colon], as: UTF8.self),
            let password = String(validating: decoded[(colon + 1)...], as: UTF8.self)
        else { return nil }
        return BasicCredentials(user: user, password: password)
    }

    private static func sextet(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(byte - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
