/// Well-formed UTF-8 as the Unicode Standard defines it (Unicode 15, §3.9, table 3-7; RFC 3629):
/// no overlong forms, no surrogates, nothing above U+10FFFF.
package enum UTF8Validation {
    /// Whether every byte of `bytes` belongs to a well-formed UTF-8 sequence.
    package static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            // Eight ASCII bytes at a time: the common case for phone numbers and CSV files.
            while index + 8 <= count {
                let word = UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < count else { return true }
            if start[index] < 0x80 {
                index += 1
                continue
            }
            let length = sequenceLength(start, index, count)
            if length <= 0 { return false }
            index += length
        }
        return true
    }

    /// The length of the well-formed sequence that starts at `index`, or minus the length of its
    /// maximal ill-formed subpart (at least 1) when it is not well formed.
    ///
    /// The maximal subpart is the unit that one U+FFFD replaces (Unicode §3.9, "U+FFFD Substitution
    /// of Maximal Subparts").
    @inline(__always)
    package static func sequenceLength(_ start: UnsafePointer<UInt8>, _ index: Int, _ count: Int) -> Int {
        let lead = start[index]
        if lead < 0x80 { return 1 }
        let needed: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: needed = 1
        case 0xE0:
            needed = 2
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: needed = 2
        case 0xED:
            needed = 2
            high = 0x9F
        case 0xF0:
            needed = 3
            low = 0x90
        case 0xF1...0xF3: needed = 3
        case 0xF4:
            needed = 3
            high = 0x8F
        default: return -1
        }
        var offset = 1
        while offset <= needed {
            guard index + offset < count else { return -offset }
            let byte = start[index + offset]
            let (lo, hi) = offset == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
            if byte < lo || byte > hi { return -offset }
            offset += 1
        }
        return needed + 1
    }
}
