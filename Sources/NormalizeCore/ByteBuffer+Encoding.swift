extension ByteBuffer {
    /// Appends `bytes` as a JSON string, quotes included (RFC 8259 §7).
    ///
    /// `"` and `\` are escaped, control characters U+0000–U+001F become `\b \f \n \r \t` or
    /// `\u00XX`; everything else is copied. Bytes that are not well-formed UTF-8 (which a JSON text
    /// may not contain, RFC 8259 §8.1) are replaced by U+FFFD, one per maximal subpart.
    package func appendJSONString(_ bytes: UnsafeBufferPointer<UInt8>) {
        append(UInt8(ascii: "\""))
        guard let start = bytes.baseAddress else {
            append(UInt8(ascii: "\""))
            return
        }
        let count = bytes.count
        var runStart = 0
        var index = 0
        while index < count {
            let byte = start[index]
            if byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            if byte >= 0x80 {
                let length = UTF8Validation.sequenceLength(start, index, count)
                if length > 0 {
                    index += length
                    continue
                }
                append(start + runStart, index - runStart)
                append(0xEF)
                append(0xBF)
                append(0xBD)
                index += -length
                runStart = index
                continue
            }
            append(start + runStart, index - runStart)
            appendJSONEscape(byte)
            index += 1
            runStart = index
        }
        append(start + runStart, count - runStart)
        append(UInt8(ascii: "\""))
    }

    private func appendJSONEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        default:
            append("\\u00")
            append(Self.hexDigit(byte >> 4))
            append(Self.hexDigit(byte & 0x0F))
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 48 + nibble : 87 + nibble
    }

    /// Appends a string as a JSON string (RFC 8259 §7).
    package func appendJSONString(_ string: String) {
        var copy = string
        copy.withUTF8 { appendJSONString($0) }
    }

    /// Appends `bytes` as one field of a tab-separated table: `\` becomes `\\`, and tab, line feed
    /// and carriage return become `\t`, `\n` and `\r`, so that a field never splits a row.
    package func appendTSVField(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        let count = bytes.count
        var runStart = 0
        for index in 0..<count {
            let escaped: UInt8
            switch start[index] {
            case 0x5C: escaped = UInt8(ascii: "\\")
            case 0x09: escaped = UInt8(ascii: "t")
            case 0x0A: escaped = UInt8(ascii: "n")
            case 0x0D: escaped = UInt8(ascii: "r")
            default: continue
            }
            append(start + runStart, index - runStart)
            append(UInt8(ascii: "\\"))
            append(escaped)
            runStart = index + 1
        }
        append(start + runStart, count - runStart)
    }

    /// Appends `bytes` as one CSV field (RFC 4180 §2): enclosed in double quotes, with inner quotes
    /// doubled, when it holds the delimiter, a quote, a carriage return or a line feed.
    package func appendCSVField(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) {
        var needsQuotes = false
        for byte in bytes
        where byte == delimiter || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            append(bytes)
            return
        }
        append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { append(byte) }
            append(byte)
        }
        append(UInt8(ascii: "\""))
    }

    /// Appends a string as one CSV field (RFC 4180 §2).
    package func appendCSVField(_ string: String, delimiter: UInt8) {
        var copy = string
        copy.withUTF8 { appendCSVField($0, delimiter: delimiter) }
    }
}
