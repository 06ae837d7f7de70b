/// libphonenumber's `parse`, step for step, on fixed-size buffers (no heap allocation).
///
/// The steps and their order follow libphonenumber so that the answers agree: bound the input,
/// find the number in the text (RFC 3966 `phone-context` or free text), check it is viable, strip
/// an extension, find the calling code (`+`, the default region's international prefix, or the
/// default region itself), strip the national prefix, and check the length of what is left.
struct PhoneNumberParser {
    typealias Text = UnsafeBufferPointer<UInt32>
    typealias Digits = UnsafeMutableBufferPointer<UInt8>

    /// libphonenumber's bound on input length, in UTF-8 bytes.
    static let maximumInputBytes = 250
    static let minimumNationalLength = 2
    static let maximumNationalLength = 17
    /// Digit buffer capacity: every scalar of a 250-byte input plus room for a prefix transform.
    static let digitCapacity = 320

    let plan: NumberingPlan
    /// The default region's record, when a known default region was given.
    let defaultRecord: PlanRecord?
    /// The default region as given, when it is not one the plan knows.
    let unknownRegion: String?

    /// What parsing found: the calling code, the national significant number's digits (in the
    /// caller's buffer) and the extension's digits.
    struct Result {
        var countryCode: Int
        var nationalRange: Range<Int>
        var extensionRange: Range<Int>
        /// The calling code's main record and the length test of the final number against it,
        /// when parsing already had them (classification then need not look them up again).
        var mainRecord: PlanRecord? = nil
        var mainLength: NumberLength.Result? = nil
    }

    // MARK: Entry

    /// Parses UTF-8 bytes (already bounded) into `digits`/`extensionDigits`.
    func parse(
        utf8 bytes: UnsafeBufferPointer<UInt8>, digits: Digits, extensionDigits: Digits
    ) throws(PhoneNumberParseError) -> Result {
        guard bytes.count <= Self.maximumInputBytes else { throw .inputTooLong(byteCount: bytes.count) }
        // Fast path: "+" and ASCII digits only, the commonest gateway input. Every text rule below
        // would keep such an input whole, so the digit stage can start at once.
        if bytes.count >= 4, bytes[0] == 0x2B {
            var allDigits = true
            for i in 1..<bytes.count where bytes[i] &- 0x30 >= 10 {
                allDigits = false
                break
            }
            if allDigits {
                for i in 1..<bytes.count { digits[i - 1] = bytes[i] &- 0x30 }
                let cc = try countryCodeAfterInternationalPrefix(digits, count: bytes.count - 1)
                return try finish(
                    countryCode: cc.code, record: plan.mainRecord(forCallingCode: cc.code),
                    digits: digits, start: cc.nationalStart, end: bytes.count - 1,
                    extensionRange: 0..<0)
            }
        }
        if let simple = Self.simpleNumberRange(bytes) {
            // Digits and plain punctuation only: every text rule has a known answer (see
            // `simpleNumberRange`), so the digit stage starts at once.
            return try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: simple.count) {
                scalars throws(PhoneNumberParseError) -> Result in
                for (i, b) in bytes[simple].enumerated() { scalars[i] = UInt32(b) }
                return try parseNational(
                    UnsafeBufferPointer(scalars), digits: digits, extensionDigits: extensionDigits,
                    textRulesChecked: true)
            }
        }
        return try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.maximumInputBytes) {
            scalars throws(PhoneNumberParseError) -> Result in
            let n = Self.decode(bytes, into: scalars)
            return try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.maximumInputBytes) {
                work throws(PhoneNumberParseError) -> Result in
                let text = UnsafeBufferPointer(rebasing: scalars[0..<n])
                let count = try buildNationalNumberForParsing(text, into: work)
                return try parseNational(
                    UnsafeBufferPointer(rebasing: work[0..<count]), digits: digits,
                    extensionDigits: extensionDigits)
            }
        }
    }

    /// For text of ASCII digits, spaces, `-`, `(`, `)`, `.`, `/` and at most a leading `+`: the range
    /// of the number when it is viable, or nil to use the general path. Such text has no RFC 3966
    /// parameters, no extension (every extension form needs a letter, `#`, `;` or `,`) and no
    /// second number (that needs `x`); the number runs from the first `+` or digit to the last
    /// digit, and is viable when it has three digits, or is exactly two digits.
    static func simpleNumberRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var first = -1
        var last = -1
        var digitCount = 0
        for (i, b) in bytes.enumerated() {
            switch b {
            case 0x30...0x39:
                if first < 0 { first = i }
                last = i
                digitCount &+= 1
            case 0x2B:
                guard first < 0 else { return nil }
                first = i
            case 0x20, 0x2D, 0x28, 0x29, 0x2E, 0x2F:
                break
            default:
                return nil
            }
        }
        guard last >= 0, first >= 0 else { return nil }
        let count = last - first + 1
        guard digitCount >= 3 || (count == 2 && digitCount == 2) else { return nil }
        return first..<(last + 1)
    }

    /// UTF-8 to scalars; an ill-formed sequence becomes U+FFFD, as `String(decoding:as:)` does.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt32>)
        -> Int
    {
        var n = 0
        var i = 0
        if bytes.allSatisfy({ $0 < 0x80 }) {
            for b in bytes { out[n] = UInt32(b); n += 1 }
            return n
        }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                out[n] = s.value
                n += 1
            case .error:
                out[n] = 0xFFFD
                n += 1
            case .emptyInput:
                return n
            }
            i += 1
        }
    }

    // MARK: Text stage

    /// `_build_national_number_for_parsing`: returns the count written to `work`.
    func buildNationalNumberForParsing(
        _ text: Text, into work: UnsafeMutableBufferPointer<UInt32>
    ) throws(PhoneNumberParseError) -> Int {
        var count = 0
        let hasSemicolon = text.contains(0x3B)
        if hasSemicolon, let contextIndex = TextRules.find(";phone-context=", in: text) {
            let valueStart = contextIndex + 15
            var valueEnd = valueStart
            while valueEnd < text.count, text[valueEnd] != 0x3B { valueEnd += 1 }
            let context = UnsafeBufferPointer(rebasing: text[valueStart..<valueEnd])
            guard TextRules.isValidPhoneContext(context) else { throw .notANumber }
            if context[0] == 0x2B {
                for c in context {
                    work[count] = c
                    count += 1
                }
            }
            let telIndex = TextRules.find("tel:", in: text).map { $0 + 4 } ?? 0
            if telIndex < contextIndex {
                for c in text[telIndex..<contextIndex] {
                    work[count] = c
                    count += 1
                }
            }
        } else {
            for c in text[TextRules.possibleNumberRange(text)] {
                work[count] = c
                count += 1
            }
        }
        if hasSemicolon,
            let isdn = TextRules.find(";isub=", in: UnsafeBufferPointer(rebasing: work[0..<count])),
            isdn > 0
        {
            count = isdn
        }
        return count
    }

    /// Everything after the text has been cut down to the number.
    func parseNational(
        _ text: Text, digits: Digits, extensionDigits: Digits, textRulesChecked: Bool = false
    ) throws(PhoneNumberParseError) -> Result {
        guard textRulesChecked || TextRules.isViable(text) else { throw .notANumber }
        let startsWithPlus = !text.isEmpty && CharacterClass.isPlus(text[0])
        if defaultRecord == nil, !startsWithPlus {
            throw unknownRegion.map { .unknownRegion($0) } ?? .missingRegion
        }
        // The extension.
        var numberEnd = text.count
        var extensionCount = 0
        let tail = TextRules.tail(text)
        if !textRulesChecked, let start = TextRules.extensionStart(text, tail: tail),
            TextRules.isViable(UnsafeBufferPointer(rebasing: text[0..<start]))
        {
            numberEnd = start
            for c in text[tail.digitsStart..<tail.digitsEnd] {
                extensionDigits[extensionCount] = UInt8(truncatingIfNeeded: CharacterClass.digitValue(c))
                extensionCount += 1
            }
        }
        let number = UnsafeBufferPointer(rebasing: text[0..<numberEnd])
        let extensionRange = 0..<extensionCount

        // The calling code.
        var extracted: (code: Int, start: Int, end: Int)
        do {
            extracted = try maybeExtractCountryCode(number, digits: digits)
        } catch .invalidCountryCode where startsWithPlus {
            var skip = 0
            while skip < number.count, CharacterClass.isPlus(number[skip]) { skip += 1 }
            extracted = try maybeExtractCountryCode(
                UnsafeBufferPointer(rebasing: number[skip...]), digits: digits)
            if extracted.code == 0 { throw .invalidCountryCode }
        }
        if extracted.code != 0 {
            return try finish(
                countryCode: extracted.code, record: plan.mainRecord(forCallingCode: extracted.code),
                digits: digits, start: extracted.start, end: extracted.end, extensionRange: extensionRange)
        }
        guard let record = defaultRecord else { throw .missingRegion }
        // No calling code: `digits[0..<extracted.end]` already holds the normalized number.
        return try finish(
            countryCode: record.countryCode, record: record, digits: digits, start: 0, end: extracted.end,
            extensionRange: extensionRange)
    }

    /// The national-prefix and length stage shared by every path.
    func finish(
        countryCode: Int, record: PlanRecord?, digits: Digits, start: Int, end: Int,
        extensionRange: Range<Int>
    ) throws(PhoneNumberParseError) -> Result {
        guard end - start >= Self.minimumNationalLength else { throw .tooShortNationalNumber }
        var range = start..<end
        // Anything this long stays too long whatever the prefix rules do.
        guard end - start <= 3 * Self.maximumNationalLength else { throw .tooLong }
        var length: NumberLength.Result? = nil
        if let record {
            let stripped = NationalPrefix.strip(digits, range, record: record)
            let result = NumberLength.test(stripped.count, record: record)
            if result != .tooShort, result != .possibleLocalOnly, result != .invalidLength {
                range = stripped
                length = result
            }
        }
        guard range.count >= Self.minimumNationalLength else { throw .tooShortNationalNumber }
        guard range.count <= Self.maximumNationalLength else { throw .tooLong }
        let isMain = record?.isMainCountryForCode == true || record?.isNonGeographic == true
        return Result(
            countryCode: countryCode, nationalRange: range, extensionRange: extensionRange,
            mainRecord: isMain ? record : nil, mainLength: isMain ? length : nil)
    }

    // MARK: Calling code

    /// `_maybe_extract_country_code`: the code and the national digits' range, or code 0 when the
    /// number carries no calling code (then `digits` is unspecified).
    func maybeExtractCountryCode(
        _ number: Text, digits: Digits
    ) throws(PhoneNumberParseError) -> (code: Int, start: Int, end: Int) {
        guard !number.isEmpty else { return (0, 0, 0) }
        if CharacterClass.isPlus(number[0]) {
            var skip = 0
            while skip < number.count, CharacterClass.isPlus(number[skip]) { skip += 1 }
            let count = Self.normalize(UnsafeBufferPointer(rebasing: number[skip...]), into: digits)
            let cc = try countryCodeAfterInternationalPrefix(digits, count: count)
            return (cc.code, cc.nationalStart, count)
        }
        let count = Self.normalize(number, into: digits)
        if let record = defaultRecord, count > 0,
            record.internationalPrefixFirstDigits & (1 << 10 | 1 << Int(digits[0])) != 0,
            let idd = record.internationalPrefix
        {
            let view = UnsafeBufferPointer(rebasing: digits[0..<count])
            let matchEnd = withUnsafeTemporaryAllocation(of: Int16.self, capacity: DigitProgram.slotCount) {
                idd.match(view, captures: $0)
            }
            if let matchEnd, matchEnd >= count || digits[matchEnd] != 0 {
                // The prefix is dropped by moving the rest to the front.
                let rest = count - matchEnd
                for i in 0..<rest { digits[i] = digits[matchEnd + i] }
                let cc = try countryCodeAfterInternationalPrefix(digits, count: rest)
                return (cc.code, cc.nationalStart, rest)
            }
        }
        guard let record = defaultRecord else { return (0, 0, count) }
        // The default region's own calling code written without '+'.
        let code = record.countryCode
        var codeDigits = 0
        var power = 1
        while power <= code {
            codeDigits += 1
            power *= 10
        }
        var value = 0
        for i in 0..<min(codeDigits, count) { value = value * 10 + Int(digits[i]) }
        guard count >= codeDigits, value == code else { return (0, 0, count) }
        // A number this long is too long on every path; stop before the prefix rules run on it.
        guard count <= 3 * Self.maximumNationalLength else { return (0, 0, count) }
        let full = UnsafeBufferPointer(rebasing: digits[0..<count])
        let stripped = NationalPrefix.strip(digits, codeDigits..<count, record: record)
        let potential = UnsafeBufferPointer(rebasing: digits[stripped])
        let general = PlanDescription.general.rawValue
        let fullMatches = record.typeAutomaton.tags(full) >> general & 1 != 0
        let potentialMatches = record.typeAutomaton.tags(potential) >> general & 1 != 0
        if (!fullMatches && potentialMatches) || NumberLength.test(count, record: record) == .tooLong {
            return (code, stripped.lowerBound, stripped.upperBound)
        }
        return (0, 0, count)
    }

    /// After `+` or an international prefix: at least three digits, then a known calling code.
    func countryCodeAfterInternationalPrefix(
        _ digits: Digits, count: Int
    ) throws(PhoneNumberParseError) -> (code: Int, nationalStart: Int) {
        guard count > Self.minimumNationalLength else { throw .tooShortAfterInternationalPrefix }
        if digits[0] != 0 {
            var code = 0
            for length in 1...min(3, count) {
                code = code * 10 + Int(digits[length - 1])
                if plan.recordList(forCallingCode: code).count > 0 { return (code, length) }
            }
        }
        throw .invalidCountryCode
    }

    // MARK: Normalization

    /// `_normalize`: vanity letters become keypad digits when the text holds three ASCII letters
    /// (and no line break); otherwise every decimal digit of any script is kept and the rest dropped.
    static func normalize(_ text: Text, into digits: Digits) -> Int {
        var letters = 0
        var hasNewline = false
        for c in text {
            if CharacterClass.isASCIILetter(c) { letters += 1 }
            if c == 0x0A { hasNewline = true }
        }
        var n = 0
        if letters >= 3, !hasNewline {
            for c in text {
                if c &- 0x30 < 10 {
                    digits[n] = UInt8(truncatingIfNeeded: c &- 0x30)
                    n += 1
                } else if CharacterClass.isASCIILetter(c) {
                    digits[n] = UInt8(truncatingIfNeeded: CharacterClass.keypadDigit(c))
                    n += 1
                }
            }
            return n
        }
        for c in text {
            let v = CharacterClass.digitValue(c)
            if v >= 0 {
                digits[n] = UInt8(truncatingIfNeeded: v)
                n += 1
            }
        }
        return n
    }
}
