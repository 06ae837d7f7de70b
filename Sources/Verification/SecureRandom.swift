internal import CSystemRandom

/// Codes and identifiers from the system's CSPRNG (`getrandom(2)` on Linux, `arc4random_buf` on
/// Apple platforms), without modulo bias. Each value takes one system call for all its bytes.
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
        var bound: UInt64 = 1
        for _ in 0..<digits { bound *= 10 }
        let limit = UInt64.max - (UInt64.max % bound + 1) % bound
        var value: UInt64 = 0
        repeat {
            withUnsafeMutableBytes(of: &value) { fill($0) }
        } while value > limit
        var text = [UInt8](repeating: UInt8(ascii: "0"), count: digits)
        var rest = value % bound
        for index in stride(from: digits - 1, through: 0, by: -1) {
            text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return String(decoding: text, as: UTF8.self)
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
        string(count: 32, alphabet: "abcdefghijklmnopqrstuvwxyz0123456789")
    }

    /// An iDenfy `request_id`: 32 lower-case hexadecimal digits, as in the document's sample
    /// (`3d50e1584e0946e789e0185c009aaadf`); 128 random bits.
    public static func idenfyRequestID() -> String {
        string(count: 32, alphabet: "0123456789abcdef")
    }
}
