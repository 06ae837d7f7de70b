// Internal UTF-8 helpers shared by the parser, the SMS analysis and the cost model.
// Every function here is total: it never reads outside the buffer and never traps.

/// Decoding of Unicode scalars straight from UTF-8 bytes (RFC 3629), without building a `String`.
enum UTF8Scalars {
    /// The scalar value used for a byte that does not start a well-formed UTF-8 sequence.
    static let replacement: UInt32 = 0xFFFD

    /// Decodes the scalar that starts at `index` (which must be `< bytes.count`).
    ///
    /// Returns the scalar value and the number of bytes it occupies (at least 1). A byte that does
    /// not start a well-formed sequence (RFC 3629 §4: no overlongs, no surrogates, nothing past
    /// U+10FFFF) decodes as U+FFFD with length 1.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let count = bytes.count
        guard index >= 0, index < count else { return (replacement, 1) }
        let b0 = bytes[index]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        if b0 < 0xC2 { return (replacement, 1) }
        if b0 < 0xE0 {
            guard index + 1 < count else { return (replacement, 1) }
            let b1 = bytes[index + 1]
            guard b1 & 0xC0 == 0x80 else { return (replacement, 1) }
            return ((UInt32(b0 & 0x1F) << 6) | UInt32(b1 & 0x3F), 2)
        }
        if b0 < 0xF0 {
            guard index + 2 < count else { return (replacement, 1) }
            let b1 = bytes[index + 1]
            let b2 = bytes[index + 2]
            guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return (replacement, 1) }
            if b0 == 0xE0 && b1 < 0xA0 { return (replacement, 1) }  // overlong
            if b0 == 0xED && b1 >= 0xA0 { return (replacement, 1) }  // UTF-16 surrogate
            let value = (UInt32(b0 & 0x0F) << 12) | (UInt32(b1 & 0x3F) << 6) | UInt32(b2 & 0x3F)
            return (value, 3)
        }
        if b0 < 0xF5 {
            guard index + 3 < count else { return (replacement, 1) }
            let b1 = bytes[index + 1]
            let b2 = bytes[index + 2]
            let b3 = bytes[index + 3]
            guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return (replacement, 1) }
            if b0 == 0xF0 && b1 < 0x90 { return (replacement, 1) }  // overlong
            if b0 == 0xF4 && b1 >= 0x90 { return (replacement, 1) }  // past U+10FFFF
            let value =
                (UInt32(b0 & 0x07) << 18) | (UInt32(b1 & 0x3F) << 12) | (UInt32(b2 & 0x3F) << 6)
                | UInt32(b3 & 0x3F)
            return (value, 4)
        }
        return (replacement, 1)
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
