internal import CSystemRandom

/// Codes and identifiers from the system's CSPRNG (`getrandom(2)` on Linux, `arc4random_buf` on
/// Apple platforms), without modulo bias. Each value takes one system call for all its bytes; the
/// engine uses a buffer of its own instead, which takes one system call for many values.
public enum SecureRandom {
    /// Fills `buffer` with random bytes from the kernel's CSPRNG.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        if dialtone_random_fill(base, buffer.count) != 0 {
            // getrandom fails only before the pool is seeded or on bad arguments; the standard
            // library's generator (which traps rather than return weak bytes) fills it then.
            var generator = SystemRandomNumberGenerator()
            for i in 0..<buffer.count { buffer[i] = UInt8.random(in: .min ... .max, using: &generator) }
        }
    }

    /// A code of `digits` decimal digits (leading zeros kept), uniform over all 10^digits codes:
    /// a random 64-bit value is kept only below the largest multiple of 10^digits, then reduced.
    public static func code(digits: Int) -> String {
        precondition((1...18).contains(digits), "code length out of range")
        let bound = powerOfTen(digits)
        let limit = UInt64.max - (UInt64.max % bound + 1) % bound
        var value: UInt64 = 0
        repeat {
            withUnsafeMutableBytes(of: &value) { fill($0) }
        } while value > limit
        return decimal(value % bound, digits: digits)
    }

    /// `count` characters from `alphabet`, each uniform: a random byte is kept only below the
    /// largest multiple of the alphabet's size, so no character is likelier than another.
    public static func string(count: Int, alphabet: StaticString) -> String {
        let size = alphabet.utf8CodeUnitCount
        precondition(size > 1 && size <= 256)
        let limit = 256 - 256 % size
        var result: [UInt8] = []
        result.reserveCapacity(count)
        // Twice the bytes needed: for a 36-letter alphabet a byte is rejected 1.6% of the time,
        // so one call almost always suffices.
        var pool = [UInt8](repeating: 0, count: max(16, count * 2))
        while result.count < count {
            pool.withUnsafeMutableBytes { fill($0) }
            for byte in pool where result.count < count && Int(byte) < limit {
                result.append(alphabet.utf8Start[Int(byte) % size])
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// A PhoneMatch continuation token: 32 characters of `[a-z0-9]`, as in the documents' sample
    /// (`o76m3nvz94jvaatfsmespzgx3qkzjjl1`); 165 random bits.
    public static func phoneMatchToken() -> String {
        string(count: 32, alphabet: phoneMatchAlphabet)
    }

    /// An iDenfy `request_id`: 32 lower-case hexadecimal digits, as in the document's sample
    /// (`3d50e1584e0946e789e0185c009aaadf`); 128 random bits.
    public static func idenfyRequestID() -> String {
        string(count: 32, alphabet: "0123456789abcdef")
    }

    /// The letters of a PhoneMatch token.
    static let phoneMatchAlphabet: StaticString = "abcdefghijklmnopqrstuvwxyz0123456789"

    /// 10^`digits`, for 0 ≤ `digits` ≤ 19.
    static func powerOfTen(_ digits: Int) -> UInt64 {
        var bound: UInt64 = 1
        for _ in 0..<digits { bound *= 10 }
        return bound
    }

    /// `value` in `digits` decimal digits, leading zeros kept (`value` < 10^`digits`). Built in
    /// place: a code of up to 15 digits is a small string, with no allocation.
    static func decimal(_ value: UInt64, digits: Int) -> String {
        String(unsafeUninitializedCapacity: digits) { text in
            var rest = value
            for index in stride(from: digits - 1, through: 0, by: -1) {
                text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            return digits
        }
    }
}

/// The system's CSPRNG read in blocks: one `getrandom(2)` call fills 512 bytes, which then serve
/// many codes and ids (an iDenfy send-sms takes 20 of them, 16 for the request id and 4 for the
/// code, so one system call serves about 25 requests instead of two calls per request).
///
/// The bytes are the kernel's, unchanged: every value is as unpredictable as one read directly,
/// and codes and ids are drawn from them by the same rejection sampling as ``SecureRandom``, so
/// they stay uniform. Each byte is handed out once and overwritten with zero as it is taken, so
/// a later memory disclosure cannot recover codes already issued from the buffer; the unused rest
/// is zeroed when the buffer is released.
///
/// There is no shared instance: each ``VerificationEngine`` makes its own when it is created
/// (copies of an engine share it), and every read is made under its lock. The process must not
/// `fork` while holding one (a child would repeat the parent's unread bytes); the server never
/// forks.
final class SecureRandomBuffer: Sendable {
    /// The bytes of one refill and how many of them were handed out already.
    private struct Block {
        var bytes: [UInt8]
        var used: Int

        /// Refills the block from the kernel when fewer than `count` bytes are left.
        mutating func reserve(_ count: Int) {
            guard bytes.count - used < count else { return }
            bytes.withUnsafeMutableBytes { SecureRandom.fill($0) }
            used = 0
        }

        /// The next byte, zeroed in the block.
        mutating func next() -> UInt8 {
            reserve(1)
            let byte = bytes[used]
            bytes[used] = 0
            used += 1
            return byte
        }
    }

    /// The bytes one system call fetches.
    static let blockSize = 512

    private let block: Locked<Block>

    /// An empty buffer: the first value fills it.
    init() {
        block = Locked(Block(bytes: [UInt8](repeating: 0, count: Self.blockSize), used: Self.blockSize))
    }

    deinit {
        block.withLock { block in
            for index in block.bytes.indices { block.bytes[index] = 0 }
        }
    }

    /// Whether every byte handed out since the last refill reads zero (for the tests).
    func handedOutBytesAreZero() -> Bool {
        block.withLock { block in block.bytes[..<block.used].allSatisfy { $0 == 0 } }
    }

    /// A random value of `T` from the next `MemoryLayout<T>.size` bytes.
    private func next<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) -> T {
        block.withLock { block in
            let size = MemoryLayout<T>.size
            block.reserve(size)
            var value: T = 0
            for offset in 0..<size {
                value = value << 8 | T(block.bytes[block.used + offset])
                block.bytes[block.used + offset] = 0
            }
            block.used += size
            return value
        }
    }

    /// Like ``SecureRandom/code(digits:)``: uniform over all 10^`digits` codes by rejection
    /// sampling, from 4 buffered bytes up to 9 digits and 8 beyond.
    func code(digits: Int) -> String {
        precondition((1...18).contains(digits), "code length out of range")
        let bound = SecureRandom.powerOfTen(digits)
        if digits <= 9 {
            let bound32 = UInt32(bound)
            let limit = UInt32.max - (UInt32.max % bound32 + 1) % bound32
            var value: UInt32
            repeat { value = next(UInt32.self) } while value > limit
            return SecureRandom.decimal(UInt64(value % bound32), digits: digits)
        }
        let limit = UInt64.max - (UInt64.max % bound + 1) % bound
        var value: UInt64
        repeat { value = next(UInt64.self) } while value > limit
        return SecureRandom.decimal(value % bound, digits: digits)
    }

    /// Like ``SecureRandom/string(count:alphabet:)``: a byte is kept only below the largest
    /// multiple of the alphabet's size, so every character is uniform.
    func string(count: Int, alphabet: StaticString) -> String {
        let size = alphabet.utf8CodeUnitCount
        precondition(size > 1 && size <= 256)
        let limit = 256 - 256 % size
        let letters = alphabet.utf8Start
        return String(unsafeUninitializedCapacity: count) { text in
            block.withLock { block in
                var filled = 0
                while filled < count {
                    let byte = block.next()
                    if Int(byte) < limit {
                        text[filled] = letters[Int(byte) % size]
                        filled += 1
                    }
                }
            }
            return count
        }
    }

    /// Like ``SecureRandom/phoneMatchToken()``: 32 characters of `[a-z0-9]`.
    func phoneMatchToken() -> String {
        string(count: 32, alphabet: SecureRandom.phoneMatchAlphabet)
    }

    /// Like ``SecureRandom/idenfyRequestID()``: 32 lower-case hexadecimal digits, two from each of
    /// 16 buffered bytes (every nibble of a uniform byte is uniform, so nothing is rejected).
    func idenfyRequestID() -> String {
        let digits: StaticString = "0123456789abcdef"
        let letters = digits.utf8Start
        return String(unsafeUninitializedCapacity: 32) { text in
            block.withLock { block in
                block.reserve(16)
                for index in 0..<16 {
                    let byte = block.bytes[block.used + index]
                    block.bytes[block.used + index] = 0
                    text[2 * index] = letters[Int(byte >> 4)]
                    text[2 * index + 1] = letters[Int(byte & 0x0f)]
                }
                block.used += 16
            }
            return 32
        }
    }
}
