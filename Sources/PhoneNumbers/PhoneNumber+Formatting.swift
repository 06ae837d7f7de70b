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
        let codeDigits = countryCode < 10 ? 1 : countryCode < 100 ? 2 : 3
        let nationalDigits = Int(leadingZeros) + Self.decimalDigits(nationalNumber)
        let count = 1 + codeDigits + nationalDigits
        return String(unsafeUninitializedCapacity: count) { out in
            out[0] = 0x2B
            var code = countryCode
            for i in stride(from: codeDigits, to: 0, by: -1) {
                out[i] = UInt8(truncatingIfNeeded: code % 10) &+ 0x30
                code /= 10
            }
            Self.writeDigits(self, into: UnsafeMutableBufferPointer(rebasing: out[(1 + codeDigits)...]))
            return count
        }
    }

    /// The national significant number with its leading zeros, e.g. `2079460958`.
    public var nationalSignificantNumber: String {
        let count = Int(leadingZeros) + Self.decimalDigits(nationalNumber)
        return String(unsafeUninitializedCapacity: count) { out in
            Self.writeDigits(self, into: out)
            return count
        }
    }

    /// Number of decimal digits of a value (1 for 0).
    static func decimalDigits(_ value: UInt64) -> Int {
        var n = 1
        var v = value
        while v >= 10 {
            v /= 10
            n += 1
        }
        return n
    }

    /// Writes the national significant number as ASCII digits filling `out` exactly.
    static func writeDigits(_ number: PhoneNumber, into out: UnsafeMutableBufferPointer<UInt8>) {
        let zeros = Int(number.leadingZeros)
        for i in 0..<zeros { out[i] = 0x30 }
        var v = number.nationalNumber
        var i = out.count - 1
        while i >= zeros {
            out[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
            v /= 10
            i -= 1
        }
    }

    /// Calls `body` with the national significant number's digit values (0–9).
    func withNationalDigits<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let count = Int(leadingZeros) + Self.decimalDigits(nationalNumber)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer in
            Self.writeDigits(self, into: buffer)
            for i in 0..<count { buffer[i] &-= 0x30 }
            return body(UnsafeBufferPointer(buffer))
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
                        if group >= 1, group <= 9, captures[2 * group] >= 0 {
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
