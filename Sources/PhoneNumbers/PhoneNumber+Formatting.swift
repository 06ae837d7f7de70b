extension PhoneNumber {
    /// The number written in the given format, with libphonenumber's rules for the region.
    ///
    /// E.164 has no extension; the other formats append it (`ext. 12`, `x12`, `;ext=12`).
    public func formatted(_ format: PhoneNumberFormat, plan: NumberingPlan = .bundled) -> String {
        withNationalDigits { nsn in
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
    public var e164: String { formatted(.e164) }

    /// The national significant number with its leading zeros, e.g. `2079460958`.
    public var nationalSignificantNumber: String {
        withNationalDigits { nsn in
            String(unsafeUninitializedCapacity: nsn.count) { target in
                for (i, d) in nsn.enumerated() { target[i] = d &+ 0x30 }
                return nsn.count
            }
        }
    }

    /// Calls `body` with the national significant number's digit values (0–9).
    func withNationalDigits<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var count = 0
            for _ in 0..<Int(leadingZeros) {
                buffer[count] = 0
                count += 1
            }
            var value = nationalNumber
            var reversed: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var digits = 0
            withUnsafeMutableBytes(of: &reversed) { r in
                repeat {
                    r[digits] = UInt8(truncatingIfNeeded: value % 10)
                    value /= 10
                    digits += 1
                } while value > 0 && digits < 20
                for i in 0..<digits where count < 24 {
                    buffer[count] = r[digits - 1 - i]
                    count += 1
                }
            }
            return body(UnsafeBufferPointer(rebasing: buffer[0..<count]))
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
        let list = format == .national ? record.nationalFormats : (record.internationalFormats ?? record.nationalFormats)
        if let list {
            for i in 0..<list.count {
                let rule = list[i]
                if let leading = rule.leadingDigits, !leading.matchesPrefix(nsn) { continue }
                guard rule.pattern.matchesWhole(nsn) else { continue }
                let template = format == .national ? rule.nationalTemplateOffset : rule.internationalTemplateOffset
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
