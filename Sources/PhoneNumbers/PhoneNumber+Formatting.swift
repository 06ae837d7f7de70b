extension PhoneNumber {
    /// The number written in the given format, with libphonenumber's rules for the region.
    ///
    /// E.164 has no extension; the other formats append it (`ext. 12`, `x12`, `;ext=12`).
    public func formatted(_ format: PhoneNumberFormat, plan: NumberingPlan = .bundled) -> String {
        if format == .e164 { return e164 }
        return withNationalDigits { nsn in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 160) { out in
                var writer = ByteWriter(buffer: out)
                Formatter.write(self, nsn: nsn, format: format, plan: plan, into: &writer)
                return String(unsafeUninitializedCapacity: writer.count) { target in
                    for i in 0..<writer.count { target[i] = out[i] }
                    return writer.count
                }
            }
        }
    }

    /// The number in E.164 form, e.g. `+442079460958` (ITU-T E.164; the extension is not part of it).
    ///
    /// Up to 15 bytes fit Swift's small-string form, so this allocates nothing for most numbers.
    public var e164: String {
        withE164UTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { out in
                UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(bytes))
                return bytes.count
            }
        }
    }

    /// Calls `body` with the number's E.164 form as ASCII bytes (valid only during the call): the
    /// one E.164 writer, behind ``e164`` and `normalize`'s output, so both write the same text.
    @inline(__always)
    package func withE164UTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        // Parsing keeps national numbers to 17 digits, 16 leading zeros and calling codes 1-999.
        guard leadingZeros <= 16, nationalNumber < 1_000_000_000_000_000_000, countryCode > 0,
            countryCode < 1000
        else { return withUnusualE164UTF8(body) }
        // Fixed work with no data-dependent branches: the digits of each number differ from the
        // last one's, so loops that stop at the last digit would be mispredicted.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            guard let base = buffer.baseAddress else { return withUnusualE164UTF8(body) }
            let raw = UnsafeMutableRawPointer(base)
            // 18 digits, zero-padded, in buffer[30..<48]: two, then eight, then eight.
            let v = nationalNumber
            let high = v / 100_000_000
            let top = UInt16(truncatingIfNeeded: high / 100_000_000)  // below 100
            let digits1 = Self.eightDigits(UInt32(truncatingIfNeeded: high % 100_000_000))
            let digits2 = Self.eightDigits(UInt32(truncatingIfNeeded: v % 100_000_000))
            let digits0 = (top / 10 | (top % 10) << 8) | 0x3030
            raw.storeBytes(of: digits0.littleEndian, toByteOffset: 30, as: UInt16.self)
            raw.storeBytes(of: digits1.littleEndian, toByteOffset: 32, as: UInt64.self)
            raw.storeBytes(of: digits2.littleEndian, toByteOffset: 40, as: UInt64.self)
            // Leading '0's of the 18 (the low byte of each part is its first digit); at most 17, as
            // the number 0 is written "0".
            let zeros0 = (digits0 ^ 0x3030).trailingZeroBitCount >> 3  // 0...2
            let zeros1 = (digits1 ^ 0x3030_3030_3030_3030).trailingZeroBitCount >> 3  // 0...8
            let zeros2 = (digits2 ^ 0x3030_3030_3030_3030).trailingZeroBitCount >> 3
            let padding = zeros0 &+ (zeros0 == 2 ? zeros1 &+ (zeros1 == 8 ? min(zeros2, 7) : 0) : 0)
            var start = 30 &+ padding
            // Sixteen '0's before the number, of which the leading zeros are kept.
            raw.storeBytes(of: 0x3030_3030_3030_3030 as UInt64, toByteOffset: start &- 8, as: UInt64.self)
            raw.storeBytes(of: 0x3030_3030_3030_3030 as UInt64, toByteOffset: start &- 16, as: UInt64.self)
            start &-= Int(leadingZeros)
            let code = countryCode
            buffer[start &- 1] = UInt8(truncatingIfNeeded: code % 10) &+ 0x30
            buffer[start &- 2] = UInt8(truncatingIfNeeded: code / 10 % 10) &+ 0x30
            buffer[start &- 3] = UInt8(truncatingIfNeeded: code / 100) &+ 0x30
            start &-= 2 &+ (code >= 10 ? 1 : 0) &+ (code >= 100 ? 1 : 0)
            buffer[start] = 0x2B
            return body(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// The eight decimal digits of `value` (below 10^8, zero-padded) as ASCII, most significant
    /// first in memory order (little-endian), computed in parallel lanes of one 64-bit word.
    @inline(__always)
    static func eightDigits(_ value: UInt32) -> UInt64 {
        // Two 4-digit halves in 32-bit lanes, the high half in the low lane.
        let halves = UInt64(value / 10_000) | UInt64(value % 10_000) << 32
        // Each half into two 2-digit values (x * 10486 >> 20 == x / 100 for x < 10^4), in 16-bit lanes.
        let hundreds = (halves &* 10_486) >> 20 & 0x0000_007F_0000_007F
        let pairs = (halves &- 100 &* hundreds) << 16 | hundreds
        // Each pair into two digits (x * 103 >> 10 == x / 10 for x < 100), in 8-bit lanes.
        let tens = (pairs &* 103) >> 10 & 0x000F_000F_000F_000F
        let digits = (pairs &- 10 &* tens) << 8 | tens
        return digits | 0x3030_3030_3030_3030
    }

    /// E.164 of a number built with more than 16 leading zeros or a calling code outside 1–999:
    /// never the result of parsing, written the plain way.
    private func withUnusualE164UTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.digitBufferSize) { buffer in
            var start = Self.writeNationalDigits(self, endingAt: buffer.count, in: buffer)
            start = Self.writeDecimal(UInt64(truncatingIfNeeded: countryCode), endingAt: start, in: buffer)
            start &-= 1
            buffer[start] = 0x2B
            return body(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// The national significant number with its leading zeros, e.g. `2079460958`.
    public var nationalSignificantNumber: String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.digitBufferSize) { buffer in
            Self.string(buffer, from: Self.writeNationalDigits(self, endingAt: buffer.count, in: buffer))
        }
    }

    /// Room for a `+`, any calling code, any national number and 255 leading zeros.
    static let digitBufferSize = 300

    /// A string of `buffer[start...]`.
    @inline(__always)
    static func string(_ buffer: UnsafeMutableBufferPointer<UInt8>, from start: Int) -> String {
        let count = buffer.count &- start
        return String(unsafeUninitializedCapacity: count) { out in
            UnsafeMutableRawBufferPointer(out).copyMemory(
                from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[start...])))
            return count
        }
    }

    /// "00", "01", ... "99": two ASCII digits a step.
    static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    /// Writes `value` in decimal so that it ends just before `end`; returns where it starts.
    @inline(__always)
    static func writeDecimal(_ value: UInt64, endingAt end: Int, in buffer: UnsafeMutableBufferPointer<UInt8>)
        -> Int
    {
        let pairs = digitPairs.utf8Start
        var v = value
        var i = end
        while v >= 100 {
            let pair = Int(v % 100) &* 2
            v /= 100
            i &-= 2
            buffer[i] = pairs[pair]
            buffer[i &+ 1] = pairs[pair &+ 1]
        }
        if v >= 10 {
            let pair = Int(v) &* 2
            i &-= 2
            buffer[i] = pairs[pair]
            buffer[i &+ 1] = pairs[pair &+ 1]
        } else {
            i &-= 1
            buffer[i] = UInt8(truncatingIfNeeded: v) &+ 0x30
        }
        return i
    }

    /// Writes the national significant number (leading zeros, then the number) as ASCII digits
    /// ending just before `end`; returns where it starts.
    @inline(__always)
    static func writeNationalDigits(
        _ number: PhoneNumber, endingAt end: Int, in buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var i = writeDecimal(number.nationalNumber, endingAt: end, in: buffer)
        for _ in 0..<Int(number.leadingZeros) {
            i &-= 1
            buffer[i] = 0x30
        }
        return i
    }

    /// Calls `body` with the national significant number's digit values (0–9).
    func withNationalDigits<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.digitBufferSize) { buffer in
            let start = Self.writeNationalDigits(self, endingAt: buffer.count, in: buffer)
            for i in start..<buffer.count { buffer[i] &-= 0x30 }
            return body(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }
}

/// Appends bytes to a fixed buffer, dropping what does not fit (the buffer is sized for any number).
struct ByteWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var count = 0

    mutating func append(_ byte: UInt8) {
        guard count < buffer.count else { return }
        buffer[count] = byte
        count += 1
    }

    mutating func appendDecimal(_ value: Int) {
        var divisor = 1
        while divisor * 10 <= value { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            append(UInt8(truncatingIfNeeded: rest / divisor) &+ 0x30)
            rest %= divisor
            divisor /= 10
        }
    }

    mutating func append(_ text: StaticString) {
        for i in 0..<text.utf8CodeUnitCount { append(text.utf8Start[i]) }
    }
}

/// libphonenumber's `format_number`.
enum Formatter {
    static func write(
        _ number: PhoneNumber, nsn: UnsafeBufferPointer<UInt8>, format: PhoneNumberFormat,
        plan: NumberingPlan, into out: inout ByteWriter
    ) {
        if format == .e164 {
            out.append(0x2B)
            out.appendDecimal(number.countryCode)
            for d in nsn { out.append(d &+ 0x30) }
            return
        }
        guard let record = plan.mainRecord(forCallingCode: number.countryCode) else {
            for d in nsn { out.append(d &+ 0x30) }
            return
        }
        switch format {
        case .international:
            out.append(0x2B)
            out.appendDecimal(number.countryCode)
            out.append(0x20)
        case .rfc3966:
            out.append("tel:+")
            out.appendDecimal(number.countryCode)
            out.append(0x2D)
        case .national, .e164:
            break
        }
        let bodyStart = out.count
        writeNationalSignificantNumber(nsn, record: record, format: format, into: &out)
        if format == .rfc3966 {
            rewriteSeparatorsAsDashes(&out, from: bodyStart)
        }
        if let ext = number.extension {
            if format == .rfc3966 {
                out.append(";ext=")
            } else if record.preferredExtensionPrefixOffset != 0 {
                record.image.forEachByte(ofStringAt: record.preferredExtensionPrefixOffset) { out.append($0) }
            } else {
                out.append(" ext. ")
            }
            for b in ext.utf8 { out.append(b) }
        }
    }

    /// `_format_nsn`: the first format whose leading digits and pattern fit, applied; else the digits.
    static func writeNationalSignificantNumber(
        _ nsn: UnsafeBufferPointer<UInt8>, record: PlanRecord, format: PhoneNumberFormat,
        into out: inout ByteWriter
    ) {
        let list =
            format == .national
            ? record.nationalFormats : (record.internationalFormats ?? record.nationalFormats)
        if let list {
            for i in 0..<list.count {
                let rule = list[i]
                if let leading = rule.leadingDigits, !leading.matchesPrefix(nsn) { continue }
                guard rule.pattern.matchesWhole(nsn) else { continue }
                let template =
                    format == .national ? rule.nationalTemplateOffset : rule.internationalTemplateOffset
                substitute(nsn, pattern: rule.pattern, template: template, image: record.image, into: &out)
                return
            }
        }
        for d in nsn { out.append(d &+ 0x30) }
    }

    /// `re.sub(pattern, template, nsn)`: every leftmost match replaced by the expanded template.
    static func substitute(
        _ nsn: UnsafeBufferPointer<UInt8>, pattern: DigitProgram, template: Int, image: TableImage,
        into out: inout ByteWriter
    ) {
        withUnsafeTemporaryAllocation(of: Int16.self, capacity: DigitProgram.slotCount) { captures in
            var position = 0
            while position < nsn.count {
                var start = position
                var end: Int? = nil
                while start < nsn.count {
                    end = pattern.match(nsn, from: start, captures: captures)
                    if end != nil { break }
                    start += 1
                }
                guard let matchEnd = end, matchEnd > start else { break }
                for k in position..<start { out.append(nsn[k] &+ 0x30) }
                let length = image.stringLength(at: template)
                var i = 0
                while i < length {
                    let byte = UInt8(truncatingIfNeeded: image.u7(template + 1 + i))
                    if byte == 0x24, i + 1 < length {
                        let group = image.u7(template + 2 + i) - 0x30
                        if group >= 1, group <= pattern.groupCount, captures[2 * group] >= 0 {
                            for k in Int(captures[2 * group])..<Int(captures[2 * group + 1]) {
                                out.append(nsn[k] &+ 0x30)
                            }
                        }
                        i += 2
                    } else {
                        out.append(byte)
                        i += 1
                    }
                }
                position = matchEnd
            }
            for k in position..<nsn.count { out.append(nsn[k] &+ 0x30) }
        }
    }

    /// RFC 3966 formatting: a leading run of punctuation dropped, every other run becomes `-`.
    static func rewriteSeparatorsAsDashes(_ out: inout ByteWriter, from start: Int) {
        var read = start
        var write = start
        var pendingDash = false
        while read < out.count {
            let b = out.buffer[read]
            if isSeparator(b) {
                pendingDash = write > start
            } else {
                if pendingDash {
                    out.buffer[write] = 0x2D
                    write += 1
                    pendingDash = false
                }
                out.buffer[write] = b
                write += 1
            }
            read += 1
        }
        if pendingDash {
            out.buffer[write] = 0x2D
            write += 1
        }
        out.count = write
    }

    /// The ASCII members of libphonenumber's `VALID_PUNCTUATION` (templates are ASCII).
    static func isSeparator(_ b: UInt8) -> Bool {
        switch b {
        case 0x2D, 0x78, 0x20, 0x28, 0x29, 0x2E, 0x5B, 0x5D, 0x2F, 0x7E: return true
        default: return false
        }
    }
}
