/// A rate-limit key as the in-memory store keeps it: the key's UTF-8 bytes inline, when there are
/// at most 31 of them, as there are in the engine's keys (`number:` or `cooldown:` and an E.164
/// number of at most 16 characters; `country:`, `prefix:`).
///
/// Swift's `Dictionary` compares the key it looks for with the key of each bucket its probe
/// passes, the one it finds included. With `String` keys of more than 15 bytes, each compare reads
/// another key's characters in a heap object of its own: a cache miss in a table of a million
/// numbers. This key's bytes sit in the bucket itself, and comparing two is comparing four words.
/// A longer key (an operator's caller or credential key may be one) is kept whole, as a string.
struct LimitKey: Hashable {
    /// Bytes 0..<31 of the key, zero after its end, and in byte 31 its length; 255 there for a
    /// key longer than 31 bytes, which is then in `long`.
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// The key, when it is longer than 31 bytes.
    private var long: String?

    /// The most bytes a key keeps inline.
    static let inlineCapacity = 31

    /// The key `key`.
    init(_ key: String) {
        var key = key
        let count = key.utf8.count
        guard count <= Self.inlineCapacity else {
            long = key
            withUnsafeMutableBytes(of: &words) { $0[Self.inlineCapacity] = 0xFF }
            return
        }
        key.withUTF8 { utf8 in
            withUnsafeMutableBytes(of: &words) { words in
                words.copyMemory(from: UnsafeRawBufferPointer(utf8))
                words[Self.inlineCapacity] = UInt8(count)
            }
        }
    }

    static func == (lhs: LimitKey, rhs: LimitKey) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3 && lhs.long == rhs.long
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
        if let long { hasher.combine(long) }
    }
}
