import Crypto

/// The server's secret, and the two keys derived from it (HKDF-SHA256, RFC 5869): one for the
/// HMAC-SHA256 digests of codes, one for sealing the single code the iDenfy ladder must say again.
///
/// The store never holds a code. It holds `HMAC-SHA256(key, id ‖ 0 ‖ generation ‖ 0 ‖ code)`,
/// and a check recomputes the digest of the user's entry and compares the two in constant time.
/// Every instance that shares a database must be given the same secret.
public struct VerificationKeys: Sendable {
    /// HMAC-SHA256 keyed once with the digest key: each digest copies it (the key's inner and
    /// outer blocks are not derived again for every code).
    let digestHMAC: HMAC<SHA256>
    let sealKey: SymmetricKey

    /// The fewest bytes a secret may have.
    public static let minimumSecretBytes = 32

    /// Derives the keys from `secret`, which must hold at least 32 bytes.
    public init(secret: [UInt8]) throws(VerificationError) {
        guard secret.count >= Self.minimumSecretBytes else {
            throw .configuration(.secretTooShort(minimumBytes: Self.minimumSecretBytes))
        }
        self.init(checkedSecret: secret)
    }

    /// Keys from a fresh random secret (for tests, or a sandbox whose codes need not outlive it).
    public static func random() -> VerificationKeys {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return VerificationKeys(checkedSecret: bytes)
    }

    /// Derives the keys from a secret already known to be long enough.
    private init(checkedSecret secret: [UInt8]) {
        let master = SymmetricKey(data: secret)
        let salt = Array("dialtone-verification-v1".utf8)
        digestHMAC = HMAC<SHA256>(
            key: HKDF<SHA256>.deriveKey(
                inputKeyMaterial: master, salt: salt, info: Array("code-digest".utf8), outputByteCount: 32))
        sealKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: master, salt: salt, info: Array("code-seal".utf8), outputByteCount: 32)
    }

    /// The digest the store keeps for `code` as generation `generation` of verification `id`.
    func digest(id: String, generation: Int, code: String) -> [UInt8] {
        var hmac = digestHMAC
        hmac.update(data: Self.message(id, generation, code))
        return Array(hmac.finalize())
    }

    /// Whether `entry` is the code behind `digest`: the entry's digest is recomputed and compared
    /// in constant time (swift-crypto's `HashedAuthenticationCode` equality against bytes, which
    /// is constant-time).
    func matches(_ digest: [UInt8], id: String, generation: Int, entry: String) -> Bool {
        var hmac = digestHMAC
        hmac.update(data: Self.message(id, generation, entry))
        return hmac.finalize() == digest
    }

    /// `code` sealed with ChaCha20-Poly1305, bound to `id` as associated data.
    ///
    /// The nonce is the first 96 bits of SHA-256(`id`): a verification's code is sealed once, and
    /// ids carry at least 128 random bits, so nonces are as unique as random ones would be,
    /// without a system call for them.
    func seal(code: String, id: String) throws(VerificationError) -> [UInt8] {
        do {
            let nonce = try ChaChaPoly.Nonce(data: Array(SHA256.hash(data: Array(id.utf8))).prefix(12))
            return Array(
                try ChaChaPoly.seal(
                    Array(code.utf8), using: sealKey, nonce: nonce, authenticating: Array(id.utf8)
                ).combined
            )
        } catch {
            throw .sealFailed
        }
    }

    /// The code sealed by ``seal(code:id:)`` for the same `id`.
    func open(sealed: [UInt8], id: String) throws(VerificationError) -> String {
        do {
            let box = try ChaChaPoly.SealedBox(combined: sealed)
            let bytes = try ChaChaPoly.open(box, using: sealKey, authenticating: Array(id.utf8))
            return String(decoding: bytes, as: UTF8.self)
        } catch {
            throw .sealFailed
        }
    }

    private static func message(_ id: String, _ generation: Int, _ code: String) -> [UInt8] {
        var bytes = Array(id.utf8)
        bytes.append(0)
        bytes.append(contentsOf: String(generation).utf8)
        bytes.append(0)
        bytes.append(contentsOf: code.utf8)
        return bytes
    }
}
