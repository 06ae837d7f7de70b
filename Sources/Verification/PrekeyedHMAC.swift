import Crypto

/// HMAC-SHA256 (RFC 2104) with its key absorbed once: the SHA-256 states after the key's inner
/// block (`K ⊕ ipad`) and outer block (`K ⊕ opad`) are kept, and each MAC starts from copies of
/// them, as swift-crypto's `HMAC` does.
///
/// It computes exactly `HMAC<SHA256>`'s values (the tests compare the two and RFC 4231's vectors)
/// with less work per MAC: `HMAC.update(data:)` goes through `DataProtocol`'s regions and copies
/// its hash state on every call, while this takes raw bytes and copies a state only where a MAC
/// starts.
struct PrekeyedHMAC: Sendable {
    /// The state after the inner key block, then after the message so far.
    private var inner: SHA256
    /// The state after the outer key block.
    private let outer: SHA256

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
        var inner = SHA256()
        var outer = SHA256()
        var pad = block.map { $0 ^ 0x36 }
        pad.withUnsafeBytes { inner.update(bufferPointer: $0) }
        for index in pad.indices { pad[index] = block[index] ^ 0x5c }
        pad.withUnsafeBytes { outer.update(bufferPointer: $0) }
        for index in block.indices {
            block[index] = 0
            pad[index] = 0
        }
        self.inner = inner
        self.outer = outer
    }

    /// Appends `bytes` to the message.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        inner.update(bufferPointer: bytes)
    }

    /// Appends `text`'s UTF-8 bytes to the message (without copying a native string).
    mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { inner.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    /// Appends `bytes` to the message.
    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { inner.update(bufferPointer: $0) }
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

    /// The MAC of the message: `SHA-256(K ⊕ opad ‖ SHA-256(K ⊕ ipad ‖ message))`. Comparing it
    /// with `==` (against another digest or bytes) is constant-time in swift-crypto.
    func finalize() -> SHA256Digest {
        let innerDigest = inner.finalize()
        var outer = outer
        innerDigest.withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }
}
