import CCryptoBoringSSL
import Crypto

/// HMAC-SHA256 (RFC 2104) with its key absorbed once: the SHA-256 states after the key's inner
/// block (`K ⊕ ipad`) and outer block (`K ⊕ opad`) are kept, and each MAC starts from copies of
/// them, as swift-crypto's `HMAC` does.
///
/// It computes exactly `HMAC<SHA256>`'s values (the tests compare the two on random keys and
/// messages, and check RFC 4231's vectors) on the SHA-256 that swift-crypto itself runs: the
/// BoringSSL copy it builds as its `CCryptoBoringSSL` module. The states are BoringSSL's
/// `SHA256_CTX`, plain 112-byte values, so that starting a MAC copies bytes on the stack. Through
/// the `SHA256` type, every `update` of a copied state and every `finalize` allocates and copies a
/// reference-counted context: four allocations a MAC. `HMACBenchmarks.swift` times these MACs
/// against swift-crypto's own `HMAC<SHA256>`.
struct PrekeyedHMAC: Sendable {
    /// The state after the inner key block, then after the message so far.
    private var inner: SHA256_CTX
    /// The state after the outer key block.
    private let outer: SHA256_CTX

    /// Absorbs `key`.
    init(key: SymmetricKey) {
        self = key.withUnsafeBytes { PrekeyedHMAC(keyBytes: $0) }
    }

    /// Absorbs the key `keyBytes`: zero-padded to SHA-256's 64-byte block, or hashed first when
    /// longer.
    init(keyBytes key: UnsafeRawBufferPointer) {
        let blockSize = SHA256.blockByteCount
        var block = [UInt8](repeating: 0, count: blockSize)
        if key.count > blockSize {
            SHA256.hash(data: key).withUnsafeBytes { digest in
                for index in digest.indices { block[index] = digest[index] }
            }
        } else {
            for index in key.indices { block[index] = key[index] }
        }
        var inner = SHA256_CTX()
        var outer = SHA256_CTX()
        // SHA256_Init and SHA256_Update cannot fail (BoringSSL returns 1 always).
        _ = CCryptoBoringSSL_SHA256_Init(&inner)
        _ = CCryptoBoringSSL_SHA256_Init(&outer)
        var pad = block.map { $0 ^ 0x36 }
        _ = CCryptoBoringSSL_SHA256_Update(&inner, pad, blockSize)
        for index in pad.indices { pad[index] = block[index] ^ 0x5c }
        _ = CCryptoBoringSSL_SHA256_Update(&outer, pad, blockSize)
        for index in block.indices {
            block[index] = 0
            pad[index] = 0
        }
        self.inner = inner
        self.outer = outer
    }

    /// Appends `bytes` to the message.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        _ = CCryptoBoringSSL_SHA256_Update(&inner, base, bytes.count)
    }

    /// Appends `text`'s UTF-8 bytes to the message (without copying a native string).
    mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Appends `bytes` to the message.
    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Writes the decimal digits of `value` (as `String(value)` writes them) at the start of
    /// `buffer`, which holds at least 20 bytes; returns how many it wrote.
    static func writeDecimal(_ value: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        // 20 bytes: the sign and the 19 digits of the longest `Int`, written from the end.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &digits) { scratch in
            var magnitude = value.magnitude
            var start = 20
            repeat {
                start -= 1
                scratch[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start -= 1
                scratch[start] = UInt8(ascii: "-")
            }
            for index in start..<20 { buffer[index - start] = scratch[index] }
            return 20 - start
        }
    }

    /// The MAC of the message: `SHA-256(K ⊕ opad ‖ SHA-256(K ⊕ ipad ‖ message))`.
    func finalize() -> MAC {
        var mac = MAC()
        var inner = inner
        var outer = outer
        mac.withUnsafeMutableBytes { bytes in
            // A tuple's bytes always have an address.
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            _ = CCryptoBoringSSL_SHA256_Final(base, &inner)
            _ = CCryptoBoringSSL_SHA256_Update(&outer, base, SHA256.byteCount)
            _ = CCryptoBoringSSL_SHA256_Final(base, &outer)
        }
        return mac
    }

    /// A 32-byte HMAC-SHA256 value, held inline.
    struct MAC: Sendable {
        /// `SHA256.byteCount` bytes.
        private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        /// Calls `body` with the MAC's 32 bytes.
        func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
            try Swift.withUnsafeBytes(of: words) { bytes throws(E) -> R in try body(bytes) }
        }

        fileprivate mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) -> R) -> R
        {
            Swift.withUnsafeMutableBytes(of: &words, body)
        }
    }
}
