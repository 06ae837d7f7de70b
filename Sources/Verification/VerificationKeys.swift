import Crypto

/// The server's secret, and the keys derived from it (HKDF-SHA256, RFC 5869): one for the
/// HMAC-SHA256 digests of codes (also the IV of a sealed code), one for the keystream that seals
/// the single code the iDenfy ladder must say again, and the previous seal format's IV key.
///
/// The store never holds a code. It holds `HMAC-SHA256(key, id ‖ 0 ‖ generation ‖ 0 ‖ code)`,
/// and a check computes the digest of the user's entry, which the store compares with its own in
/// constant time (``EntryDigests``).
/// Every instance that shares a database must be given the same secret.
public struct VerificationKeys: Sendable {
    /// HMAC-SHA256 keyed once with the digest key: each digest copies it (the key's inner and
    /// outer blocks are not derived again for every code).
    let digestHMAC: PrekeyedHMAC
    /// HMAC-SHA256 keyed once with the previous seal format's IV key (only opened now).
    let previousSealIVHMAC: PrekeyedHMAC
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
        previousSealIVHMAC = derive("code-seal-siv-iv")
        sealStreamHMAC = derive("code-seal-siv-stream")
    }

    /// The digest the store keeps for `code` as generation `generation` of verification `id`.
    func digest(id: String, generation: Int, code: String) -> [UInt8] {
        digestValue(id: id, generation: generation, code: code).withUnsafeBytes { Array($0) }
    }

    /// Whether `code` as generation `generation` of verification `id` has the digest `stored`,
    /// compared in constant time (as `EntryDigests` compares), with no copy of the
    /// digest made.
    func digestMatches(_ stored: [UInt8], id: String, generation: Int, code: String) -> Bool {
        digestValue(id: id, generation: generation, code: code).withUnsafeBytes { candidate in
            stored.withUnsafeBytes { EntryDigests.constantTimeEquals(candidate, $0) }
        }
    }

    private func digestValue(id: String, generation: Int, code: String) -> PrekeyedHMAC.MAC {
        var code = code
        return code.withUTF8 { digestValue(id: id, generation: generation, code: UnsafeRawBufferPointer($0)) }
    }

    /// The digest of a code given as UTF-8 bytes: every digest, seal and opening computes it here.
    private func digestValue(id: String, generation: Int, code: UnsafeRawBufferPointer) -> PrekeyedHMAC.MAC {
        var hmac = digestHMAC
        Self.message(id, generation, code, into: &hmac)
        return hmac.finalize()
    }

    /// The first byte of a sealed code: the format below. ``open(sealed:id:)`` also opens the
    /// previous format (2, whose IV came from a key of its own) for the steps stored before it;
    /// anything else, such as the first format (ChaCha20-Poly1305, its 12-byte nonce first),
    /// fails with ``VerificationError/sealFailed``, as any damaged value does.
    static let sealFormat: UInt8 = 3
    /// The previous format, still opened.
    static let previousSealFormat: UInt8 = 2
    /// The bytes of the synthetic IV, which is also the seal's authentication tag (128 bits).
    static let sealIVBytes = 16
    /// The longest code a seal holds: one HMAC-SHA256 output of keystream.
    static let sealMaximumCodeBytes = 32

    /// The digest of `code` as the first code (generation 1) of verification `id`, and the code
    /// sealed for the ladder's call that says it again: deterministic authenticated encryption by
    /// the SIV construction (Rogaway and Shrimpton, "Deterministic Authenticated-Encryption",
    /// 2006, the construction behind AES-SIV, RFC 5297), whose two PRFs are HMAC-SHA256 under
    /// independent keys derived from the secret:
    ///
    ///     digest     = HMAC-SHA256(digestKey, id ‖ 0 ‖ "1" ‖ 0 ‖ code)   (what the store keeps)
    ///     iv         = digest[0..<16]
    ///     ciphertext = code ⊕ HMAC-SHA256(streamKey, iv)[0..<count(code)]
    ///     sealed     = 0x03 ‖ iv ‖ ciphertext
    ///
    /// The IV is a PRF of (`id`, code), as SIV requires, and it is the digest the start computes
    /// anyway, so a seal costs one HMAC more than the digest alone. It tells nothing the stored
    /// digest beside it does not. Opening decrypts, recomputes the digest and compares its first
    /// 16 bytes with the IV in constant time, so a sealed code cannot be altered, truncated or
    /// moved to another verification unnoticed. Deterministic, it needs no nonce, and two seals
    /// share a keystream only when their 128-bit IVs collide.
    func digestAndSeal(code: String, id: String) throws(VerificationError) -> (
        digest: [UInt8], sealed: [UInt8]
    ) {
        guard code.utf8.count <= Self.sealMaximumCodeBytes else { throw .sealFailed }
        var code = code
        return code.withUTF8 { plain in
            let digest = digestValue(id: id, generation: 1, code: UnsafeRawBufferPointer(plain))
            return digest.withUnsafeBytes { digestBytes in
                var stream = sealStreamHMAC
                let iv = UnsafeRawBufferPointer(rebasing: digestBytes.prefix(Self.sealIVBytes))
                stream.update(iv)
                // Both arrays are copies of bytes, a path the compiler specializes:
                // `[UInt8](unsafeUninitializedCapacity:)` calls the standard library's
                // unspecialized allocator, which looks the storage type up in the runtime's
                // metadata cache on every call.
                let count = 1 + Self.sealIVBytes + plain.count
                let sealed = stream.finalize().withUnsafeBytes { keystream in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer in
                        buffer[0] = Self.sealFormat
                        for index in 0..<Self.sealIVBytes { buffer[1 + index] = iv[index] }
                        for index in plain.indices {
                            buffer[1 + Self.sealIVBytes + index] = plain[index] ^ keystream[index]
                        }
                        return Array(buffer)
                    }
                }
                return (Array(digestBytes), sealed)
            }
        }
    }

    /// `code` sealed for verification `id` (``digestAndSeal(code:id:)`` without the digest).
    func seal(code: String, id: String) throws(VerificationError) -> [UInt8] {
        try digestAndSeal(code: code, id: id).sealed
    }

    /// The code sealed by ``digestAndSeal(code:id:)`` (or by the previous format) for the same
    /// `id`; ``VerificationError/sealFailed`` for anything else: another id, altered, truncated
    /// or extended bytes, an unknown format.
    func open(sealed: [UInt8], id: String) throws(VerificationError) -> String {
        let header = 1 + Self.sealIVBytes
        guard sealed.count >= header, sealed.count - header <= Self.sealMaximumCodeBytes,
            sealed[0] == Self.sealFormat || sealed[0] == Self.previousSealFormat
        else { throw .sealFailed }
        let iv = Array(sealed[1..<header])
        var stream = sealStreamHMAC
        stream.update(iv)
        let keystream = stream.finalize()
        var plain = [UInt8](repeating: 0, count: sealed.count - header)
        keystream.withUnsafeBytes { keystream in
            for index in plain.indices { plain[index] = sealed[header + index] ^ keystream[index] }
        }
        let expected: [UInt8]
        if sealed[0] == Self.sealFormat {
            expected = plain.withUnsafeBytes { plain in
                digestValue(id: id, generation: 1, code: plain).withUnsafeBytes {
                    Array($0.prefix(Self.sealIVBytes))
                }
            }
        } else {
            expected = previousSealIV(id: id, code: plain)
        }
        guard EntryDigests.constantTimeEquals(iv, expected) else { throw .sealFailed }
        return String(decoding: plain, as: UTF8.self)
    }

    /// The previous format's synthetic IV: `HMAC-SHA256(ivKey, len(id) ‖ id ‖ code)[0..<16]`
    /// (len: 8 bytes, big-endian).
    private func previousSealIV(id: String, code: [UInt8]) -> [UInt8] {
        var hmac = previousSealIVHMAC
        var length = UInt64(id.utf8.count).bigEndian
        withUnsafeBytes(of: &length) { hmac.update($0) }
        hmac.update(id)
        hmac.update(code)
        return hmac.finalize().withUnsafeBytes { Array($0.prefix(Self.sealIVBytes)) }
    }

    /// Feeds the digest's message, `id ‖ 0 ‖ generation ‖ 0 ‖ code` (the code as UTF-8 bytes), to
    /// `hmac`, assembled first so that the hash is updated once.
    private static func message(
        _ id: String, _ generation: Int, _ code: UnsafeRawBufferPointer, into hmac: inout PrekeyedHMAC
    ) {
        var id = id
        id.withUTF8 { id in
            // The id, 0, at most 20 bytes of generation, 0, the code.
            let capacity = id.count + 22 + code.count
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
                var count = 0
                for byte in id {
                    buffer[count] = byte
                    count += 1
                }
                buffer[count] = 0
                count += 1
                count += PrekeyedHMAC.writeDecimal(
                    generation, into: UnsafeMutableBufferPointer(rebasing: buffer[count...]))
                buffer[count] = 0
                count += 1
                for byte in code {
                    buffer[count] = byte
                    count += 1
                }
                hmac.update(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[..<count])))
            }
        }
    }
}
