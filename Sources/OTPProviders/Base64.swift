/// Base64 encoding (RFC 4648, section 4, with `=` padding), for basic-auth headers.
enum Base64 {
    private static let alphabet: StaticString =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    /// The Base64 text of the bytes.
    static func encode(_ bytes: [UInt8]) -> String {
        let outputCount = (bytes.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: outputCount) { output in
            alphabet.withUTF8Buffer { table in
                var out = 0
                var index = 0
                while index + 3 <= bytes.count {
                    let chunk =
                        UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
                        | UInt32(bytes[index + 2])
                    output[out] = table[Int(chunk >> 18 & 63)]
                    output[out + 1] = table[Int(chunk >> 12 & 63)]
                    output[out + 2] = table[Int(chunk >> 6 & 63)]
                    output[out + 3] = table[Int(chunk & 63)]
                    out += 4
                    index += 3
                }
                let remaining = bytes.count - index
                if remaining > 0 {
                    var chunk = UInt32(bytes[index]) << 16
                    if remaining == 2 { chunk |= UInt32(bytes[index + 1]) << 8 }
                    output[out] = table[Int(chunk >> 18 & 63)]
                    output[out + 1] = table[Int(chunk >> 12 & 63)]
                    output[out + 2] = remaining == 2 ? table[Int(chunk >> 6 & 63)] : UInt8(ascii: "=")
                    output[out + 3] = UInt8(ascii: "=")
                    out += 4
                }
                return out
            }
        }
    }
}
