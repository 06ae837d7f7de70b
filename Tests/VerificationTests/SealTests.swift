import Crypto
import Foundation
import Testing

@testable import Verification

/// The seal of the ladder's repeated code, and the HMAC it is built on.
@Suite("Seal and HMAC")
struct SealTests {
    static let keys = VerificationKeys.random()
    static let id = "3d50e1584e0946e789e0185c009aaadf"

    /// A MAC by ``PrekeyedHMAC``, the message fed in two parts split at `split`.
    private func mac(key: [UInt8], _ message: [UInt8], split: Int = 0) -> String {
        var hmac = key.withUnsafeBytes { PrekeyedHMAC(keyBytes: $0) }
        hmac.update(Array(message[..<split]))
        message[split...].withUnsafeBytes { hmac.update($0) }
        return hex(hmac.finalize().withUnsafeBytes { Array($0) })
    }

    @Test(
        "PrekeyedHMAC: RFC 4231's HMAC-SHA256 test cases 1-4, 6 and 7, the message whole or in parts")
    func hmacRFC4231() {
        let cases: [(key: [UInt8], message: [UInt8], mac: String)] = [
            (
                [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
            ),
            (
                Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            ),
            (
                [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
            ),
            (
                Array(1...25), [UInt8](repeating: 0xcd, count: 50),
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
            ),
            (
                [UInt8](repeating: 0xaa, count: 131),
                Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
            ),
            (
                [UInt8](repeating: 0xaa, count: 131),
                Array(
                    ("This is a test using a larger than block-size key and a larger than block-size data. "
                        + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
            ),
        ]
        for (key, message, expected) in cases {
            for split in [0, message.count / 3, message.count] {
                #expect(mac(key: key, message, split: split) == expected)
            }
        }
    }

    @Test("PrekeyedHMAC at SHA-256's block edges (values from Python's hmac module)")
    func hmacBlockEdges() {
        let cases: [(keyCount: Int, messageCount: Int, mac: String)] = [
            (0, 0, "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"),
            (32, 55, "ef3cd5285b72cc9a950e0031eedfca28c93cffdb14ca948f2932fb4d31fd0b7e"),
            (32, 56, "4a0342cdc5a480d2d487b4c69b9611a2b796e8dd9acf8295f92123473098ebdc"),
            (64, 64, "c74b0436b33eaf088bc863c4c8d51b925e234999f23c46b566ea3143c27ab2b2"),
            (65, 119, "108052503c285cd840bb926b8b895979ba3998e822aeafd199e56e291033b06a"),
            (63, 120, "cae4796e20cfebfc66c567d5e26dcdfe41e386a6cb245fe710d22c33f3ea9445"),
        ]
        for (keyCount, messageCount, expected) in cases {
            let key = (0..<keyCount).map { UInt8($0 % 251) }
            let message = (0..<messageCount).map { UInt8($0 * 7 % 256) }
            #expect(mac(key: key, message, split: messageCount / 2) == expected)
        }
    }

    @Test(
        "PrekeyedHMAC equals swift-crypto's HMAC<SHA256> on random keys and messages, one pre-keyed value reused"
    )
    func hmacMatchesSwiftCrypto() {
        var generator = SystemRandomNumberGenerator()
        for keyCount in [0, 1, 16, 32, 63, 64, 65, 200] {
            let key = (0..<keyCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let prekeyed = key.withUnsafeBytes { PrekeyedHMAC(keyBytes: $0) }
            for _ in 0..<40 {
                let message = (0..<Int.random(in: 0...300, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
                // Each MAC starts from the same pre-keyed value: no MAC may change the next one's.
                var hmac = prekeyed
                hmac.update(message)
                let ours = hmac.finalize().withUnsafeBytes { Array($0) }
                let theirs = Array(
                    HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
                #expect(ours == theirs, "key \(keyCount) bytes, message \(message.count) bytes")
            }
        }
    }

    @Test(
        "Digests are unchanged: HMAC-SHA256 under HKDF(secret, code-digest) of id ‖ 0 ‖ generation ‖ 0 ‖ code"
    )
    func digestVectors() throws {
        // Computed with Python's hmac and an RFC 5869 HKDF, independently of this code.
        let keys = try VerificationKeys(secret: [UInt8](repeating: 7, count: 32))
        #expect(
            hex(keys.digest(id: Self.id, generation: 1, code: "1234"))
                == "7b2d356206825ea14c5436de0b99838e25cc53fd4590d66f6b9d0548693b89c9")
        #expect(
            hex(keys.digest(id: Self.id, generation: 12, code: "987654"))
                == "7cdeb38b6b63c8159b65566f017e97198918ee658f5848665154386ff9960994")
        let digest = keys.digest(id: Self.id, generation: 1, code: "1234")
        // What the engine hands the store for an entry: its digest under each generation.
        func entry(_ code: String) -> EntryDigests {
            EntryDigests((1...2).map { keys.digest(id: Self.id, generation: $0, code: code) })
        }
        #expect(entry("1234").matches(digest, generation: 1))
        #expect(!entry("1235").matches(digest, generation: 1))
        #expect(!entry("1234").matches(digest, generation: 2))
        #expect(!entry("1234").matches(Array(digest.prefix(31)), generation: 1))
    }

    @Test("A sealed code opens for its id, to the same code, for every length up to 32 bytes")
    func sealRoundTrip() throws {
        for code in [
            "", "0", "1234", "000000", "123456789012345678", String(repeating: "9", count: 32),
        ] {
            let sealed = try Self.keys.seal(code: code, id: Self.id)
            #expect(sealed.count == 1 + 16 + code.utf8.count)
            #expect(try Self.keys.open(sealed: sealed, id: Self.id) == code)
            // Deterministic, and the code is not visible in it: the bytes after the header are
            // not the code's (for codes of 4 bytes or more, where a chance match of random bytes
            // is below 2⁻³²; a 1-byte code matches its ciphertext one time in 256).
            #expect(try Self.keys.seal(code: code, id: Self.id) == sealed)
            if code.utf8.count >= 4 { #expect(Array(sealed.dropFirst(17)) != Array(code.utf8)) }
        }
        #expect(throws: VerificationError.sealFailed) {
            try Self.keys.seal(code: String(repeating: "1", count: 33), id: Self.id)
        }
    }

    @Test(
        "Opening fails with sealFailed for every altered byte, another id, other keys, any truncation or extension"
    )
    func sealTamper() throws {
        let sealed = try Self.keys.seal(code: "1234", id: Self.id)
        for index in sealed.indices {
            for mask: UInt8 in [0x01, 0x80, 0xff] {
                var altered = sealed
                altered[index] ^= mask
                #expect(throws: VerificationError.sealFailed) {
                    try Self.keys.open(sealed: altered, id: Self.id)
                }
            }
        }
        for count in 0..<sealed.count {
            #expect(throws: VerificationError.sealFailed) {
                try Self.keys.open(sealed: Array(sealed.prefix(count)), id: Self.id)
            }
        }
        #expect(throws: VerificationError.sealFailed) {
            try Self.keys.open(sealed: sealed + [0], id: Self.id)
        }
        #expect(throws: VerificationError.sealFailed) {
            try Self.keys.open(sealed: sealed, id: "3d50e1584e0946e789e0185c009aaade")
        }
        #expect(throws: VerificationError.sealFailed) { try Self.keys.open(sealed: sealed, id: "") }
        #expect(throws: VerificationError.sealFailed) {
            try VerificationKeys.random().open(sealed: sealed, id: Self.id)
        }
        #expect(throws: VerificationError.sealFailed) { try Self.keys.open(sealed: [], id: Self.id) }
        #expect(throws: VerificationError.sealFailed) {
            try Self.keys.open(sealed: [UInt8](repeating: 0, count: 1000), id: Self.id)
        }
    }

    @Test(
        "Seal vectors (Python's hmac and an RFC 5869 HKDF): the IV is the digest's first 16 bytes, and the previous format still opens"
    )
    func sealVectors() throws {
        let keys = try VerificationKeys(secret: [UInt8](repeating: 7, count: 32))
        let (digest, sealed) = try keys.digestAndSeal(code: "1234", id: Self.id)
        #expect(digest == keys.digest(id: Self.id, generation: 1, code: "1234"))
        #expect(
            sealed == [
                3, 123, 45, 53, 98, 6, 130, 94, 161, 76, 84, 54, 222, 11, 153, 131, 142, 218, 181, 77, 40,
            ])
        #expect(Array(sealed[1..<17]) == Array(digest.prefix(16)))
        #expect(try keys.open(sealed: sealed, id: Self.id) == "1234")
        // Format 2: iv = HMAC(ivKey, len(id) ‖ id ‖ code)[0..<16], sealed by the previous release.
        let previous: [UInt8] = [
            2, 210, 120, 89, 47, 32, 133, 201, 218, 31, 17, 179, 70, 75, 136, 47, 206, 218, 18, 164, 217,
        ]
        #expect(try keys.open(sealed: previous, id: Self.id) == "1234")
        #expect(throws: VerificationError.sealFailed) {
            try keys.open(sealed: previous, id: "3d50e1584e0946e789e0185c009aaade")
        }
        // Each format's bytes under the other's number fail.
        var swapped = previous
        swapped[0] = VerificationKeys.sealFormat
        #expect(throws: VerificationError.sealFailed) { try keys.open(sealed: swapped, id: Self.id) }
        swapped = sealed
        swapped[0] = VerificationKeys.previousSealFormat
        #expect(throws: VerificationError.sealFailed) { try keys.open(sealed: swapped, id: Self.id) }
    }

    @Test("A generation is written in the digest's message as String writes it")
    func decimalDigits() {
        for value in [0, 1, 9, 10, 12, 99, 100, 123_456_789, -1, -10, Int.max, Int.min] {
            var bytes = [UInt8](repeating: 0xff, count: 20)
            let count = bytes.withUnsafeMutableBufferPointer { PrekeyedHMAC.writeDecimal(value, into: $0) }
            #expect(Array(bytes.prefix(count)) == Array(String(value).utf8))
        }
    }

    @Test("An entry's keyed digests match as the given ones do, and only under their generation")
    func keyedDigests() throws {
        let keys = try VerificationKeys(secret: [UInt8](repeating: 7, count: 32))
        let stored = keys.digest(id: Self.id, generation: 2, code: "4321")
        let keyed = EntryDigests(generations: 2, keys: keys, id: Self.id, entry: "4321")
        #expect(keyed.byGeneration == (1...2).map { keys.digest(id: Self.id, generation: $0, code: "4321") })
        #expect(keyed.matches(stored, generation: 2))
        #expect(!keyed.matches(stored, generation: 1))
        #expect(!keyed.matches(stored, generation: 3))
        #expect(!keyed.matches(Array(stored.dropLast()), generation: 2))
        #expect(
            !EntryDigests(generations: 2, keys: keys, id: Self.id, entry: "4322").matches(
                stored, generation: 2))
        #expect(
            !EntryDigests(generations: 2, keys: keys, id: "other", entry: "4321").matches(
                stored, generation: 2))
    }

    @Test("A code sealed by the earlier ChaCha20-Poly1305 format fails with sealFailed")
    func earlierFormat() throws {
        let keys = try VerificationKeys(secret: [UInt8](repeating: 7, count: 32))
        // "1234" sealed for `id` by the earlier code under the same secret: nonce (12 bytes, from
        // SHA-256 of the id) ‖ ciphertext ‖ Poly1305 tag (16 bytes).
        let earlier: [UInt8] = [
            38, 177, 70, 156, 182, 85, 113, 85, 145, 95, 175, 18, 177, 80, 242, 86, 26, 46, 25, 31, 154,
            0,
            174,
            125, 102, 195, 215, 113, 82, 5, 246, 41,
        ]
        #expect(throws: VerificationError.sealFailed) { try keys.open(sealed: earlier, id: Self.id) }
        // Even when its first byte happens to read as the current format's.
        var lookalike = earlier
        lookalike[0] = VerificationKeys.sealFormat
        #expect(throws: VerificationError.sealFailed) { try keys.open(sealed: lookalike, id: Self.id) }
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map {
            String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
        }
        .joined()
    }
}
