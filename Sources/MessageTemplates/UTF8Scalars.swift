// Internal UTF-8 helpers shared by the parser, the SMS analysis and the cost model.
// Every function here is total: it never reads outside the buffer and never traps.

/// Decoding of Unicode scalars straight from UTF-8 bytes (RFC 3629), without building a `String`.
enum UTF8Scalars {
    /// The scalar value that replaces each maximal subpart of an ill-formed UTF-8 sequence.
    static let replacement: UInt32 = 0xFFFD

    /// Decodes the scalar that starts at `index` (which must be `< bytes.count`).
    ///
    /// Returns the scalar value and the number of bytes it occupies (at least 1). An ill-formed
    /// sequence (RFC 3629 §4: no overlongs, no surrogates, nothing past U+10FFFF) decodes as one
    /// U+FFFD for its maximal subpart (Unicode §3.9, "U+FFFD Substitution of Maximal Subparts"),
    /// the rule `String(decoding:as:)`, the phone-number parser and `normalize` follow: `F0 9F 98`
    /// followed by `A` is one U+FFFD, then `A`.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let count = bytes.count
        guard index >= 0, index < count else { return (replacement, 1) }
        let b0 = bytes[index]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        // The continuation bytes the lead needs, and the range its first one must fall in.
        let needed: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: needed = 1
        case 0xE0:
            needed = 2
            low = 0xA0  // no overlong forms
        case 0xE1...0xEC, 0xEE...0xEF: needed = 2
        case 0xED:
            needed = 2
            high = 0x9F  // no UTF-16 surrogates
        case 0xF0:
            needed = 3
            low = 0x90  // no overlong forms
        case 0xF1...0xF3: needed = 3
        case 0xF4:
            needed = 3
            high = 0x8F  // nothing past U+10FFFF
        default: return (replacement, 1)
        }
        var value = UInt32(b0) & (needed == 1 ? 0x1F : needed == 2 ? 0x0F : 0x07)
        for offset in 1...needed {
            guard index + offset < count else { return (replacement, offset) }
            let byte = bytes[index + offset]
            let inRange = offset == 1 ? (byte >= low && byte <= high) : (byte & 0xC0 == 0x80)
            guard inRange else { return (replacement, offset) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (value, needed + 1)
    }

    /// The scalar for a decoded value (U+FFFD for anything that is not a scalar value).
    @inline(__always)
    static func scalar(_ value: UInt32) -> Unicode.Scalar {
        Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// Runs `body` over the UTF-8 bytes of `text`, copying only if the string is not contiguous.
    @inline(__always)
    static func withBytes<R, E: Error>(
        of text: String,
        _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R
    ) throws(E) -> R {
        let result: Result<R, E>? = text.utf8.withContiguousStorageIfAvailable { buffer in
            do throws(E) {
                return .success(try body(buffer))
            } catch {
                return .failure(error)
            }
        }
        if let result {
            return try result.get()
        }
        let copy = Array(text.utf8)
        let fallback: Result<R, E> = copy.withUnsafeBufferPointer { buffer in
            do throws(E) {
                return .success(try body(buffer))
            } catch {
                return .failure(error)
            }
        }
        return try fallback.get()
    }
}
