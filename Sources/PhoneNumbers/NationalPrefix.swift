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

extension NationalPrefix {
    /// Whether the national-prefix step of parsing (``strip(_:_:record:)`` then the length test)
    /// leaves `number` as it is, so that `+CC` and these digits read back as themselves.
    static func readsBack(_ number: UnsafeBufferPointer<UInt8>, record: PlanRecord?) -> Bool {
        guard let record, !number.isEmpty, record.nationalPrefixForParsing != nil,
            record.nationalPrefixFirstDigits & (1 << 10 | 1 << Int(number[0])) != 0
        else { return true }
        // Stripping may write a transformed number: into a copy, so the caller's digits stay.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: PhoneNumberParser.digitCapacity) {
            copy in
            let count = min(number.count, scratchStart)
            for i in 0..<count { copy[i] = number[i] }
            let stripped = strip(copy, 0..<count, record: record)
            if stripped.range == 0..<count { return true }
            let result = NumberLength.test(stripped.range.count, record: record)
            if result == .tooShort || result == .possibleLocalOnly || result == .invalidLength { return true }
            return copy[stripped.range].elementsEqual(number)
        }
    }

    /// The national number that parsing `+CC` and `digits[range]` gives, with `record` the calling
    /// code's main record: `range` itself, or the number without its national prefix when that
    /// reads back as itself.
    static func readBack(_ digits: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>, record: PlanRecord)
        -> Range<Int>
    {
        guard !readsBack(UnsafeBufferPointer(rebasing: digits[range]), record: record) else { return range }
        // Stripping writes a transformed number outside `range`, which stays as it is.
        let stripped = strip(digits, range, record: record)
        return readsBack(UnsafeBufferPointer(rebasing: digits[stripped.range]), record: record)
            ? stripped.range : range
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
