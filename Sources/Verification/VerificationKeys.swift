import Crypto

/// The server's secret, and the keys derived from it (HKDF-SHA256, RFC 5869): one for the
/// HMAC-SHA256 digests of codes, two for sealing the single code the iDenfy ladder must say again.
///
/// The store never holds a code. It holds `HMAC-SHA256(key, id ‖ 0 ‖ generation ‖ 0 ‖ code)`,
/// and a check computes the digest of the user's entry, which the store compares with its own in
/// constant time (``EntryDigests``).
/// Every instance that shares a database must be given the same secret.
public struct VerificationKeys: Sendable {
    /// HMAC-SHA256 keyed once with the digest key: each digest copies it (the key's inner and
    /// outer blocks are not derived again for every code).
    let digestHMAC: PrekeyedHMAC
    /// HMAC-SHA256 keyed once with the seal's IV key (the PRF of the synthetic IV).
    let sealIVHMAC: PrekeyedHMAC
    /// HMAC-SHA256 keyed once with the seal's stream key (the PRF of the keystream).
    let sealStreamHMAC: PrekeyedHMAC

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
        func derive(_ info: String) -> PrekeyedHMAC {
            PrekeyedHMAC(
                key: HKDF<SHA256>.deriveKey(
                    inputKeyMaterial: master, salt: salt, info: Array(info.utf8), outputByteCount: 32))
        }
        digestHMAC = derive("code-digest")
        sealIVHMAC = derive("code-seal-siv-iv")
        sealStreamHMAC = derive("code-seal-siv-stream")
    }

    /// The digest the store keeps for `code` as generation `generation` of verification `id`.
    func digest(id: String, generation: Int, code: String) -> [UInt8] {
        var hmac = digestHMAC
        Self.message(id, generation, code, into: &hmac)
        return hmac.finalize().withUnsafeBytes { Array($0) }
    }

    /// The first byte of a sealed code: the format below. A code sealed by the earlier format
    /// (ChaCha20-Poly1305, its 12-byte nonce first) does not open: ``open(sealed:id:)`` throws
    /// ``VerificationError/sealFailed`` for it, as for any damaged value.
    static let sealFormat: UInt8 = 2
    /// The bytes of the synthetic IV, which is also the seal's authentication tag (128 bits).
    static let sealIVBytes = 16
    /// The longest code a seal holds: one HMAC-SHA256 output of keystream.
    static let sealMaximumCodeBytes = 32

    /// `code` sealed for verification `id`: deterministic authenticated encryption by the SIV
    /// construction (Rogaway and Shrimpton, "Deterministic Authenticated-Encryption", 2006, the
    /// construction behind AES-SIV, RFC 5297), with HMAC-SHA256 as both of its PRFs, each keyed
    /// with its own key derived from the secret:
    ///
    ///     iv         = HMAC-SHA256(ivKey, len(id) ‖ id ‖ code)[0..<16]    (len: 8 bytes, big-endian)
    ///     ciphertext = code ⊕ HMAC-SHA256(streamKey, iv)[0..<count(code)]
    ///     sealed     = 0x02 ‖ iv ‖ ciphertext
    ///
    /// The IV authenticates `id` and the code: opening decrypts, recomputes the IV and compares
    /// it in constant time, so a sealed code cannot be altered, truncated or moved to another
    /// verification unnoticed. Being deterministic it needs no nonce (sealing the same code for
    /// the same id twice gives the same bytes, which tells only that), and unlike a nonce derived
    /// from the id it stays safe if an id were ever sealed twice: two seals share a keystream only
    /// when their 128-bit IVs collide. Two HMACs from copies of pre-keyed states
    /// (``PrekeyedHMAC``) cost less than a ChaCha20-Poly1305 context set up for every call.
    func seal(code: String, id: String) throws(VerificationError) -> [UInt8] {
        let plain = Array(code.utf8)
        guard plain.count <= Self.sealMaximumCodeBytes else { throw .sealFailed }
        let iv = sealIV(id: id, code: plain)
        var sealed = [UInt8](repeating: Self.sealFormat, count: 1 + Self.sealIVBytes + plain.count)
        var stream = sealStreamHMAC
        stream.update(iv)
        let keystream = stream.finalize()
        keystream.withUnsafeBytes { keystream in
            for index in 0..<Self.sealIVBytes { sealed[1 + index] = iv[index] }
            for index in plain.indices {
                sealed[1 + Self.sealIVBytes + index] = plain[index] ^ keystream[index]
            }
        }
        return sealed
    }

    /// The code sealed by ``seal(code:id:)`` for the same `id`; ``VerificationError/sealFailed``
    /// for anything else: another id, altered, truncated or extended bytes, an earlier format.
    func open(sealed: [UInt8], id: String) throws(VerificationError) -> String {
        let header = 1 + Self.sealIVBytes
        guard sealed.count >= header, sealed.count - header <= Self.sealMaximumCodeBytes,
            sealed[0] == Self.sealFormat
        else { throw .sealFailed }
        let iv = Array(sealed[1..<header])
        var stream = sealStreamHMAC
        stream.update(iv)
        let keystream = stream.finalize()
        var plain = [UInt8](repeating: 0, count: sealed.count - header)
        keystream.withUnsafeBytes { keystream in
            for index in plain.indices { plain[index] = sealed[header + index] ^ keystream[index] }
        }
        let expected = sealIV(id: id, code: plain)
        var difference: UInt8 = 0
        for index in 0..<Self.sealIVBytes { difference |= iv[index] ^ expected[index] }
        guard difference == 0 else { throw .sealFailed }
        return String(decoding: plain, as: UTF8.self)
    }

    /// The seal's synthetic IV for `code` as the code of verification `id`.
    private func sealIV(id: String, code: [UInt8]) -> [UInt8] {
        var hmac = sealIVHMAC
        var length = UInt64(id.utf8.count).bigEndian
        withUnsafeBytes(of: &length) { hmac.update($0) }
        hmac.update(id)
        hmac.update(code)
        return hmac.finalize().withUnsafeBytes { Array($0.prefix(Self.sealIVBytes)) }
    }

    /// Feeds the digest's message, `id ‖ 0 ‖ generation ‖ 0 ‖ code`, to `hmac`, part by part.
    private static func message(
        _ id: String, _ generation: Int, _ code: String, into hmac: inout PrekeyedHMAC
    ) {
        hmac.update(id)
        hmac.update(byte: 0)
        hmac.update(String(generation))
        hmac.update(byte: 0)
        hmac.update(code)
    }
}
