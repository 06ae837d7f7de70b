import MessageTemplates

/// Allocation-free measurements of field values on their UTF-8 bytes.
enum TextMeasure {
    /// The length of `text` in GSM-7 septets (3GPP TS 23.038: 1 for a character of the default
    /// alphabet, 2 for one of its extension table, such as `€`), or `nil` when a character is in
    /// neither. The unit of an alphanumeric SMS sender (3GPP TS 23.040 §9.1.2.5: 11 of them).
    static func gsm7Septets(_ text: String) -> Int? {
        var septets = 0
        for scalar in text.unicodeScalars {
            guard let cost = GSM7Alphabet.septets(for: scalar) else { return nil }
            septets += cost
        }
        return septets
    }

    /// The number of characters (extended grapheme clusters); one pass over the bytes for ASCII.
    static func characterCount(_ text: String) -> Int {
        for byte in text.utf8 where byte >= 0x80 {
            return text.count
        }
        return text.utf8.count
    }

    /// Whether every byte is an ASCII digit (and there is at least one).
    static func isASCIIDigits(_ bytes: String.UTF8View) -> Bool {
        guard !bytes.isEmpty else { return false }
        for byte in bytes where byte &- UInt8(ascii: "0") > 9 {
            return false
        }
        return true
    }

    /// Whether every byte is an ASCII digit (and there is at least one).
    static func isASCIIDigits(_ bytes: Substring.UTF8View) -> Bool {
        guard !bytes.isEmpty else { return false }
        for byte in bytes where byte &- UInt8(ascii: "0") > 9 {
            return false
        }
        return true
    }

    /// Whether the text is `+` then 2 to 15 ASCII digits, the first not `0` (ITU-T E.164, 6.1:
    /// at most 15 digits including the country code).
    static func isE164(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, first == UInt8(ascii: "+") else { return false }
        let digits = bytes.dropFirst()
        guard (2...15).contains(digits.count), let lead = digits.first, lead != UInt8(ascii: "0") else {
            return false
        }
        for byte in digits where byte &- UInt8(ascii: "0") > 9 {
            return false
        }
        return true
    }

    /// Whether the text is two ASCII capital letters.
    static func isISOAlpha2(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count == 2 else { return false }
        for byte in bytes where byte &- UInt8(ascii: "A") > 25 {
            return false
        }
        return true
    }
}
