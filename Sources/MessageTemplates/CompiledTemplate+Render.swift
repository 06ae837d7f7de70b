// Rendering: values in, UTF-8 out. The output size is computed first (literal byte count plus the
// byte count of each value used), so a new String is exactly one allocation (none when it fits in a
// small string) and a caller's buffer with spare capacity needs none.

/// Where rendering reads slot values from (specialised per source inside the module).
///
/// The two requirements read a value in place, so the hot path neither copies nor retains strings.
protocol SlotValueSource {
    /// The UTF-8 length of the slot's value, or `nil` if it has none.
    func utf8Count(atSlot slot: Int) -> Int?
    /// Copies the slot's value (at most `capacity` bytes) and returns the bytes copied.
    func copyUTF8(atSlot slot: Int, to destination: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int
}

/// Values by slot, read in place from ``TemplateValues`` storage.
struct OptionalSlotBuffer: SlotValueSource {
    let buffer: UnsafeBufferPointer<String?>

    @inline(__always)
    func utf8Count(atSlot slot: Int) -> Int? {
        guard slot >= 0, slot < buffer.count, let base = buffer.baseAddress else { return nil }
        return (base + slot).pointee?.utf8.count
    }

    @inline(__always)
    func copyUTF8(atSlot slot: Int, to destination: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
        guard slot >= 0, slot < buffer.count, let base = buffer.baseAddress else { return 0 }
        // Optional chaining reads the stored string in place (no copy, no retain).
        return (base + slot).pointee?.utf8.withContiguousStorageIfAvailable { bytes in
            CompiledTemplate.copyBytes(of: bytes, to: destination, capacity: capacity)
        } ?? (base + slot).pointee.map {
            CompiledTemplate.copyUTF8(of: $0, to: destination, capacity: capacity)
        } ?? 0
    }
}

/// Values by slot from a plain array.
struct SlotArray: SlotValueSource {
    let buffer: UnsafeBufferPointer<String>

    @inline(__always)
    func utf8Count(atSlot slot: Int) -> Int? {
        guard slot >= 0, slot < buffer.count, let base = buffer.baseAddress else { return nil }
        return (base + slot).pointee.utf8.count
    }

    @inline(__always)
    func copyUTF8(atSlot slot: Int, to destination: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
        guard slot >= 0, slot < buffer.count, let base = buffer.baseAddress else { return 0 }
        return (base + slot).pointee.utf8.withContiguousStorageIfAvailable { bytes in
            CompiledTemplate.copyBytes(of: bytes, to: destination, capacity: capacity)
        } ?? CompiledTemplate.copyUTF8(of: (base + slot).pointee, to: destination, capacity: capacity)
    }
}

/// Values by name.
struct NamedValues: SlotValueSource {
    let values: [String: String]
    let slotNames: [String]

    func value(atSlot slot: Int) -> String? {
        slot >= 0 && slot < slotNames.count ? values[slotNames[slot]] : nil
    }

    func utf8Count(atSlot slot: Int) -> Int? { value(atSlot: slot)?.utf8.count }

    func copyUTF8(atSlot slot: Int, to destination: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
        value(atSlot: slot).map { CompiledTemplate.copyUTF8(of: $0, to: destination, capacity: capacity) }
            ?? 0
    }
}

extension CompiledTemplate {
    // MARK: Public API

    /// Renders with values by slot into a new `String` (one allocation; none for results of at most
    /// 15 bytes).
    public func render(_ values: TemplateValues) throws(TemplateRenderError) -> String {
        try values.storage.withUnsafeBufferPointer { (buffer) throws(TemplateRenderError) -> String in
            try renderString(OptionalSlotBuffer(buffer: buffer))
        }
    }

    /// Renders with values by slot, appending the UTF-8 bytes to `buffer`. With enough spare
    /// capacity (see ``renderedByteCount(_:)``) this allocates nothing.
    public func render(_ values: TemplateValues, appendingTo buffer: inout [UInt8])
        throws(TemplateRenderError)
    {
        try values.storage.withUnsafeBufferPointer { (storage) throws(TemplateRenderError) in
            try renderAppending(OptionalSlotBuffer(buffer: storage), to: &buffer)
        }
    }

    /// Renders with values by slot into the start of `buffer` and returns the number of bytes
    /// written; allocates nothing. Throws ``TemplateRenderError/bufferTooSmall(required:available:)``
    /// (writing nothing) if the rendering does not fit.
    public func render(_ values: TemplateValues, into buffer: UnsafeMutableBufferPointer<UInt8>)
        throws(TemplateRenderError) -> Int
    {
        try values.storage.withUnsafeBufferPointer { (storage) throws(TemplateRenderError) -> Int in
            let source = OptionalSlotBuffer(buffer: storage)
            let required = try byteCount(source)
            guard required <= buffer.count else {
                throw .bufferTooSmall(required: required, available: buffer.count)
            }
            guard let base = buffer.baseAddress else { return 0 }
            return write(source, to: base, capacity: required)
        }
    }

    /// The number of UTF-8 bytes ``render(_:)-(TemplateValues)`` would produce with `values`.
    public func renderedByteCount(_ values: TemplateValues) throws(TemplateRenderError) -> Int {
        try values.storage.withUnsafeBufferPointer { (buffer) throws(TemplateRenderError) -> Int in
            try byteCount(OptionalSlotBuffer(buffer: buffer))
        }
    }

    /// Renders with `values[slot]` for each slot. Building the array costs an allocation; reuse it,
    /// or use ``TemplateValues``.
    public func render(slots values: [String]) throws(TemplateRenderError) -> String {
        try values.withUnsafeBufferPointer { (buffer) throws(TemplateRenderError) -> String in
            try renderString(SlotArray(buffer: buffer))
        }
    }

    /// Renders with `values[slot]` for each slot, read in place from memory the caller owns (a
    /// few strings in a `withUnsafeTemporaryAllocation` buffer, say), into a new `String` (one
    /// allocation; none for results of at most 15 bytes). Nothing is built per call.
    public func render(slots values: UnsafeBufferPointer<String>) throws(TemplateRenderError) -> String {
        try renderString(SlotArray(buffer: values))
    }

    /// Renders with values by name; names the template does not use are ignored.
    public func render(_ values: [String: String]) throws(TemplateRenderError) -> String {
        try renderString(NamedValues(values: values, slotNames: slotNames))
    }

    // MARK: Core

    /// The output size; throws for the first slot used without a value.
    @inline(__always)
    func byteCount<Source: SlotValueSource>(_ source: Source) throws(TemplateRenderError) -> Int {
        var total = literalBytes.count
        var missing = -1
        parts.withUnsafeBufferPointer { parts in
            for part in parts {
                guard case .slot(let slot) = part else { continue }
                guard let count = source.utf8Count(atSlot: Int(slot)) else {
                    missing = Int(slot)
                    return
                }
                total += count
            }
        }
        if missing >= 0 { throw .missingValue(slot: missing, name: name(ofSlot: missing)) }
        return total
    }

    @inline(__always)
    func renderString<Source: SlotValueSource>(_ source: Source) throws(TemplateRenderError) -> String {
        let total = try byteCount(source)
        if total == 0 { return "" }
        return String(unsafeUninitializedCapacity: total) { output in
            guard let base = output.baseAddress else { return 0 }
            return write(source, to: base, capacity: min(total, output.count))
        }
    }

    @inline(__always)
    func renderAppending<Source: SlotValueSource>(_ source: Source, to buffer: inout [UInt8])
        throws(TemplateRenderError)
    {
        let total = try byteCount(source)
        if total == 0 { return }
        // Grows the array only if its spare capacity is short; bytes are written in place.
        buffer.append(addingCapacity: total) { span in
            span.withUnsafeMutableBufferPointer { free, initialized in
                guard let base = free.baseAddress else { return }
                initialized = write(source, to: base, capacity: min(total, free.count))
            }
        }
    }

    /// Writes the rendering to `base` (at most `capacity` bytes) and returns the bytes written.
    @inline(__always)
    func write<Source: SlotValueSource>(
        _ source: Source,
        to base: UnsafeMutablePointer<UInt8>,
        capacity: Int
    ) -> Int {
        literalBytes.withUnsafeBufferPointer { literal -> Int in
            parts.withUnsafeBufferPointer { parts -> Int in
                var position = 0
                for part in parts {
                    switch part {
                    case .literal(let start, let end):
                        guard let literalBase = literal.baseAddress else { continue }
                        let count = min(Int(end) - Int(start), capacity - position)
                        if count > 0 {
                            Self.copyBytes(from: literalBase + Int(start), to: base + position, count: count)
                            position += count
                        }
                    case .slot(let slot):
                        position += source.copyUTF8(
                            atSlot: Int(slot), to: base + position, capacity: capacity - position)
                    }
                }
                return position
            }
        }
    }

    /// Copies the UTF-8 bytes of `value` (at most `capacity`) and returns how many were copied.
    @inline(__always)
    static func copyUTF8(of value: String, to destination: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int
    {
        let copied = value.utf8.withContiguousStorageIfAvailable { bytes -> Int in
            copyBytes(of: bytes, to: destination, capacity: capacity)
        }
        if let copied { return copied }
        var count = 0
        for byte in value.utf8 where count < capacity {
            destination[count] = byte
            count += 1
        }
        return count
    }

    /// Copies `bytes` (at most `capacity`) and returns how many were copied.
    @inline(__always)
    static func copyBytes(
        of bytes: UnsafeBufferPointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>, capacity: Int
    )
        -> Int
    {
        let count = min(bytes.count, capacity)
        guard count > 0, let source = bytes.baseAddress else { return 0 }
        copyBytes(from: source, to: destination, count: count)
        return count
    }

    /// Copies `count` bytes. Short copies (the usual name, PIN or literal piece) are done inline with
    /// 8-byte moves instead of a `memmove` call; long ones use `memmove`.
    @inline(__always)
    static func copyBytes(
        from source: UnsafePointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>, count: Int
    ) {
        if count > 32 {
            destination.update(from: source, count: count)
            return
        }
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(destination)
        if count >= 8 {
            var offset = 0
            while offset + 8 <= count {
                to.storeBytes(
                    of: from.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset,
                    as: UInt64.self)
                offset += 8
            }
            if offset < count {
                let last = count - 8
                to.storeBytes(
                    of: from.loadUnaligned(fromByteOffset: last, as: UInt64.self), toByteOffset: last,
                    as: UInt64.self)
            }
            return
        }
        if count >= 4 {
            to.storeBytes(of: from.loadUnaligned(as: UInt32.self), as: UInt32.self)
            let last = count - 4
            to.storeBytes(
                of: from.loadUnaligned(fromByteOffset: last, as: UInt32.self), toByteOffset: last,
                as: UInt32.self)
            return
        }
        var offset = 0
        while offset < count {
            destination[offset] = source[offset]
            offset += 1
        }
    }
}
