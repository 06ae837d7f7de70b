import Glibc

/// A growable run of bytes owned by one worker at a time: output rows are assembled here and handed
/// to `write(2)` whole.
///
/// A class so that a buffer keeps its capacity from batch to batch (memory stays constant); it is
/// never shared between threads while it is written.
package final class ByteBuffer {
    // Internal storage: every access is in this module, so the optimizer drops the dynamic
    // exclusivity checks a class property would otherwise pay on each append.
    private var start: UnsafeMutablePointer<UInt8>
    private var used: Int
    private var size: Int

    /// The first byte.
    package var base: UnsafeMutablePointer<UInt8> { start }
    /// How many bytes are in use.
    package var count: Int { used }
    /// How many bytes fit before the buffer grows.
    package var capacity: Int { size }

    /// Creates an empty buffer that holds `capacity` bytes before it grows.
    package init(capacity: Int = 64 * 1024) {
        size = max(capacity, 16)
        start = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        used = 0
    }

    deinit {
        start.deallocate()
    }

    /// The bytes in use.
    package var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: start, count: used)
    }

    /// The bytes in use, copied into an array (for tests and small results).
    package var array: [UInt8] {
        Array(bytes)
    }

    /// Forgets the contents and keeps the capacity.
    @inline(__always)
    package func removeAll() {
        used = 0
    }

    /// Drops bytes from the end so that `newCount` remain.
    @inline(__always)
    package func truncate(to newCount: Int) {
        if newCount >= 0 && newCount < used { used = newCount }
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    package func reserve(_ extra: Int) {
        if used + extra > size { grow(toHold: used + extra) }
    }

    private func grow(toHold needed: Int) {
        var newSize = size * 2
        while newSize < needed { newSize *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: newSize)
        fresh.update(from: start, count: used)
        start.deallocate()
        start = fresh
        size = newSize
    }

    /// Appends one byte.
    @inline(__always)
    package func append(_ byte: UInt8) {
        if used == size { grow(toHold: used + 1) }
        start[used] = byte
        used += 1
    }

    /// Appends `length` bytes starting at `start`.
    @inline(__always)
    package func append(_ source: UnsafePointer<UInt8>, _ length: Int) {
        guard length > 0 else { return }
        reserve(length)
        (start + used).update(from: source, count: length)
        used += length
    }

    /// Appends the bytes of a buffer.
    @inline(__always)
    package func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        if let source = buffer.baseAddress { append(source, buffer.count) }
    }

    /// Appends a literal's UTF-8 bytes.
    @inline(__always)
    package func append(_ literal: StaticString) {
        append(literal.utf8Start, literal.utf8CodeUnitCount)
    }

    /// Appends a string's UTF-8 bytes.
    @inline(__always)
    package func append(string: String) {
        var copy = string
        copy.withUTF8 { append($0) }
    }

    /// Appends an integer in decimal.
    @inline(__always)
    package func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var remaining = UInt(value.magnitude)
        reserve(20)
        // Digits are written backwards at the end of the reserved room, then moved into place.
        var index = used + 20
        repeat {
            index -= 1
            start[index] = UInt8(truncatingIfNeeded: 48 &+ remaining % 10)
            remaining /= 10
        } while remaining > 0
        let length = used + 20 - index
        if index != used { memmove(start + used, start + index, length) }
        used += length
    }
}
