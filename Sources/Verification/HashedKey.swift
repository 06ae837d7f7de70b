/// A string key with its hash beside it, for the in-memory store's rate limits.
///
/// Swift's `Dictionary` keeps no hashes: a probe compares the key it looks for with the key of
/// every occupied bucket on its way. With bare `String` keys of more than 15 bytes, as limit keys
/// are, each of those compares reads the characters of another key, in a heap object of its own,
/// and the keys of one table often share a long prefix (`number:+1201555…`). With
/// this key a probe compares the hashes it passes, and reads a key's characters only when the
/// hashes are equal. The string is hashed once an operation, when the key is made.
struct HashedKey: Hashable {
    let hash: Int
    let string: String

    init(_ string: String) {
        self.string = string
        hash = string.hashValue
    }

    static func == (lhs: HashedKey, rhs: HashedKey) -> Bool {
        lhs.hash == rhs.hash && lhs.string == rhs.string
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
