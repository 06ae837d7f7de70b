import Crypto

/// What logs say instead of an id that is also a credential (a PhoneMatch token is the
/// verification id, and message ids start with it): the first 12 hexadecimal digits of its
/// SHA-256, enough to tell messages apart in one log and to find a known id's lines.
public enum LogReference {
    /// The reference for `id`.
    public static func of(_ id: String) -> String {
        Hex.encode(SHA256.hash(data: Array(id.utf8)).prefix(6))
    }
}
