/// One line fakesmsc printed, `FROM TO TYPE …`, read back into what the handset gets.
struct CarrierMessage: Sendable, Hashable {
    var from: String
    var to: String
    /// `text`, `ucs-2`, `udh` (a part of a concatenated message) or `data`.
    var type: String
    /// The user-data header's bytes, for a part.
    var udh: [UInt8]
    /// The text as the handset shows it.
    var text: String

    init?(_ line: String) {
        let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count == 4 else { return nil }
        from = String(fields[0])
        to = String(fields[1])
        type = String(fields[2])
        let rest = fields[3]
        switch type {
        case "text":
            udh = []
            text = String(rest)
        case "ucs-2":
            udh = []
            text = Self.utf16BE(Self.urlDecode(rest))
        case "udh":
            let parts = rest.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            udh = Self.urlDecode(parts[0])
            let data = Self.urlDecode(parts[2])
            text = parts[1] == "ucs-2" ? Self.utf16BE(data) : String(decoding: data, as: UTF8.self)
        default:
            udh = []
            text = String(decoding: Self.urlDecode(rest), as: UTF8.self)
        }
    }

    /// `%XX` to a byte, `+` to a space (Kannel's URL encoding).
    static func urlDecode(_ text: Substring) -> [UInt8] {
        var out: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "+") {
                out.append(0x20)
            } else if byte == UInt8(ascii: "%"), bytes.count >= 2,
                let value = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16)
            {
                out.append(value)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(byte)
            }
        }
        return out
    }

    static func utf16BE(_ bytes: [UInt8]) -> String {
        var units: [UInt16] = []
        var index = 0
        while index + 1 < bytes.count {
            units.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }
}
