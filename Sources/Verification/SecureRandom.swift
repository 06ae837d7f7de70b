/// Codes and identifiers from the system's CSPRNG (`SystemRandomNumberGenerator`: `getrandom(2)`
/// on Linux, `arc4random_buf` on Apple platforms), without modulo bias.
public enum SecureRandom {
    /// A code of `digits` decimal digits (leading zeros kept), uniform over all 10^digits codes.
    ///
    /// `UInt64.random(in:using:)` draws without bias (it rejects the few values that would make
    /// some residues likelier).
    public static func code(digits: Int) -> String {
        precondition((1...18).contains(digits), "code length out of range")
        var generator = SystemRandomNumberGenerator()
        var bound: UInt64 = 1
        for _ in 0..<digits { bound *= 10 }
        let value = UInt64.random(in: 0..<bound, using: &generator)
        let text = String(value)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// `count` characters from `alphabet`, each uniform: a random byte is kept only below the
    /// largest multiple of the alphabet's size, so no character is likelier than another.
    public static func string(count: Int, alphabet: StaticString) -> String {
        let size = alphabet.utf8CodeUnitCount
        precondition(size > 1 && size <= 256)
        let limit = 256 - 256 % size
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            var word = generator.next()
            for _ in 0..<8 where bytes.count < count {
                let byte = Int(word & 0xFF)
                word >>= 8
                if byte < limit { bytes.append(alphabet.utf8Start[byte % size]) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
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
