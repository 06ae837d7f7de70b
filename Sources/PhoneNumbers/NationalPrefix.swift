/// libphonenumber's `_maybe_strip_national_prefix_carrier_code`: drops a trunk prefix (`0`, `1`,
/// `8`, …) or applies the region's national-prefix transform rule (Argentina's `0 11 15` → `9 11`).
enum NationalPrefix {
    /// Where a transformed number is written: the digits past the input's own (250 at most).
    static let scratchStart = PhoneNumberParser.maximumInputBytes

    /// What ``strip(_:_:record:)`` found.
    struct Stripped {
        /// The digits of the number with its national prefix removed or transformed, or the
        /// original range when the region has no prefix or removing it would spoil a viable number.
        var range: Range<Int>
        /// Word-sized, -1 for none (see ``PhoneNumberParser/Result``).
        private var tagsRaw: Int

        init(range: Range<Int>, tags: Int? = nil) {
            self.range = range
            self.tagsRaw = tags ?? -1
        }

        /// The record's type-automaton tags for `range` when stripping had to compute them (so
        /// that classification need not walk the automaton again), else nil.
        var tags: Int? { tagsRaw < 0 ? nil : tagsRaw }
    }

    /// Removes or transforms the national prefix of `digits[range]` (see ``Stripped``).
    static func strip(
        _ digits: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>, record: PlanRecord
    ) -> Stripped {
        guard !range.isEmpty, let program = record.nationalPrefixForParsing else {
            return Stripped(range: range)
        }
        let first = record.nationalPrefixFirstDigits
        guard first & (1 << 10 | 1 << Int(digits[range.lowerBound])) != 0 else {
            return Stripped(range: range)
        }
        let number = UnsafeBufferPointer(rebasing: digits[range])
        return withUnsafeTemporaryAllocation(of: Int16.self, capacity: DigitProgram.slotCount) {
            captures -> Stripped in
            guard let matchEnd = program.match(number, captures: captures) else {
                return Stripped(range: range)
            }
            let groups = program.groupCount
            let rule = record.nationalPrefixTransformRuleOffset
            let lastGroupSet = groups > 0 && captures[2 * groups] >= 0
            let transforms = rule != 0 && record.image.stringLength(at: rule) > 0 && lastGroupSet
            // An empty match that transforms nothing leaves the number as it is, viable or not.
            if matchEnd == 0, !transforms { return Stripped(range: range) }
            let automaton = record.typeAutomaton
            let general = Int(PlanDescription.general.rawValue)
            // The prefix stays when the number was viable with it and is not without it: the
            // stripped number is walked first, as when it is viable the original does not matter.
            func keep(_ stripped: Range<Int>, _ tags: Int) -> Stripped {
                if tags >> general & 1 != 0 { return Stripped(range: stripped, tags: tags) }
                let originalTags = automaton.tags(number)
                if originalTags >> general & 1 != 0 { return Stripped(range: range, tags: originalTags) }
                return Stripped(range: stripped, tags: tags)
            }
            if !transforms {
                let tags = automaton.tags(UnsafeBufferPointer(rebasing: number[matchEnd...]))
                return keep((range.lowerBound + matchEnd)..<range.upperBound, tags)
            }
            // Expand the rule's `$n` references, then append what followed the match.
            let outStart = range.lowerBound >= scratchStart ? 0 : scratchStart
            var out = outStart
            let image = record.image
            let length = image.stringLength(at: rule)
            var i = 0
            while i < length {
                let byte = image.u7(rule + 1 + i)
                if byte == 0x24, i + 1 < length {  // "$n"
                    let group = image.u7(rule + 2 + i) - 0x30
                    if group >= 1, group <= groups, captures[2 * group] >= 0 {
                        for k in Int(captures[2 * group])..<Int(captures[2 * group + 1]) {
                            guard out < digits.count else { return Stripped(range: range) }
                            digits[out] = number[k]
                            out += 1
                        }
                    }
                    i += 2
                } else {
                    guard out < digits.count else { return Stripped(range: range) }
                    digits[out] = UInt8(truncatingIfNeeded: byte - 0x30)
                    out += 1
                    i += 1
                }
            }
            for k in matchEnd..<number.count {
                guard out < digits.count else { return Stripped(range: range) }
                digits[out] = number[k]
                out += 1
            }
            return keep(outStart..<out, automaton.tags(UnsafeBufferPointer(rebasing: digits[outStart..<out])))
        }
    }
}

/// libphonenumber's `_test_number_length` for the general description of a plan record.
enum NumberLength {
    enum Result: Int {
        case possible, possibleLocalOnly, tooShort, tooLong, invalidLength
    }

    @inline(__always)
    static func test(_ length: Int, record: PlanRecord) -> Result {
        if length < 21, record.localOnlyLengths >> length & 1 != 0 { return .possibleLocalOnly }
        let mask = record.generalPossibleLengths
        // An empty set is libphonenumber's [-1]: every length counts as too long.
        guard mask != 0 else { return .tooLong }
        let minimum = mask.trailingZeroBitCount
        let maximum = Int.bitWidth - 1 - mask.leadingZeroBitCount
        if length == minimum { return .possible }
        if length < minimum { return .tooShort }
        if length > maximum { return .tooLong }
        return mask >> length & 1 != 0 ? .possible : .invalidLength
    }
}
