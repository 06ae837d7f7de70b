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
        var mainRecord: PlanRecord?
        // Word-sized, -1 for none: the value is then written and read a word at a time, so a copy
        // never waits on a narrower store it overlaps (one-byte optionals would be).
        private var mainLengthRaw: Int
        private var mainTagsRaw: Int

        init(
            countryCode: Int, nationalRange: Range<Int>, extensionRange: Range<Int>,
            mainRecord: PlanRecord? = nil, mainLength: NumberLength.Result? = nil, mainTags: Int? = nil
        ) {
            self.countryCode = countryCode
            self.nationalRange = nationalRange
            self.extensionRange = extensionRange
            self.mainRecord = mainRecord
            self.mainLengthRaw = mainLength?.rawValue ?? -1
            self.mainTagsRaw = mainTags ?? -1
        }

        var mainLength: NumberLength.Result? { NumberLength.Result(rawValue: mainLengthRaw) }
        /// The main record's type-automaton tags for the national number, when already known.
        var mainTags: Int? { mainTagsRaw < 0 ? nil : mainTagsRaw }
    }

    // MARK: Entry

    /// Parses UTF-8 bytes (already bounded) into `digits`/`extensionDigits`.
    func parse(
        utf8 bytes: UnsafeBufferPointer<UInt8>, digits: Digits, extensionDigits: Digits
    ) throws(PhoneNumberParseError) -> Result {
        guard bytes.count <= Self.maximumInputBytes else { throw .inputTooLong(byteCount: bytes.count) }
        if let simple = Self.simpleDigits(bytes, into: digits) {
            // Digits and plain punctuation only: every text rule has a known answer (see
            // `simpleDigits`), so the digit stage starts at once, on digits read in the same pass.
            return try parseDigits(
                count: simple.count, startsWithPlus: simple.startsWithPlus, digits: digits,
                extensionRange: 0..<0)
        }
        return try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.maximumInputBytes) {
            scalars throws(PhoneNumberParseError) -> Result in
            let n = Self.decode(bytes, into: scalars)
            // One separator rule for every text step that follows.
            for i in 0..<n { scalars[i] = CharacterClass.foldSeparator(scalars[i]) }
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

    /// For text of ASCII digits, spaces, `-`, `(`, `)`, `.`, `/` and at most one `+` before the first
    /// digit: the number's digits (written to `digits`) when it is viable, or nil to use the general
    /// path. Such text has no RFC 3966 parameters, no extension (every extension form needs a letter,
    /// `#`, `;` or `,`), no vanity letters and no second number (that needs `x`); the number runs
    /// from the first `+` or digit to the last digit, and is viable when it has three digits, or is
    /// exactly two digits. Its normalized digits are then just its ASCII digits.
    static func simpleDigits(
        _ bytes: UnsafeBufferPointer<UInt8>, into digits: Digits
    ) -> (count: Int, startsWithPlus: Bool)? {
        let classes = Self.simpleByteClasses.utf8Start
        let n = bytes.count
        // Before the first digit: separators and at most one '+'.
        var i = 0
        var plus = false
        while i < n {
            let c = classes[Int(bytes[i])] &- 0x30
            if c & 1 != 0 { break }
            guard c == 2 || (c == 4 && !plus) else { return nil }
            plus = plus || c == 4
            i &+= 1
        }
        let firstDigit = i
        // From the first digit: digits and separators only. Every byte's digit value is written
        // and kept only when it is a digit (counted), so the loop has one well-predicted branch.
        var count = 0
        while i < n {
            let b = bytes[i]
            let c = classes[Int(b)] &- 0x30
            guard c & 3 != 0 else { return nil }
            digits[count] = b &- 0x30
            count &+= Int(c & 1)
            i &+= 1
        }
        // Viable: three digits, or exactly two digits with nothing before or between them.
        guard count >= 3 || (count == 2 && !plus && classes[Int(bytes[firstDigit &+ 1])] == 0x31) else {
            return nil
        }
        return (count, plus)
    }

    /// Byte classes for ``simpleDigits(_:into:)``, one per byte value, as `"0"` plus bits: 1 digit,
    /// 2 separator (space, `(`, `)`, `-`, `.`, `/`), 4 plus sign; `"0"` for everything else.
    static let simpleByteClasses: StaticString = """
        00000000000000000000000000000000\
        2000000022040222111111111100000000000000000000000000000000000000\
        00000000000000000000000000000000\
        0000000000000000000000000000000000000000000000000000000000000000\
        0000000000000000000000000000000000000000000000000000000000000000
        """

    /// UTF-8 to scalars; an ill-formed sequence becomes U+FFFD, as `String(decoding:as:)` does.
    ///
    /// Well-formed text (RFC 3629: no overlong forms, surrogates or values past U+10FFFF) is read
    /// here; at the first ill-formed byte the standard library's decoder reads the whole input
    /// again, so that replacement follows its rules exactly.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt32>)
        -> Int
    {
        var n = 0
        var i = 0
        let count = bytes.count
        while i < count {
            let b0 = UInt32(bytes[i])
            if b0 < 0x80 {
                out[n] = b0
                n &+= 1
                i &+= 1
                continue
            }
            func continuation(_ k: Int) -> UInt32? {
                guard i &+ k < count else { return nil }
                let b = UInt32(bytes[i &+ k])
                return b & 0xC0 == 0x80 ? b & 0x3F : nil
            }
            var scalar: UInt32? = nil
            var length = 0
            if b0 >= 0xC2, b0 <= 0xDF, let c1 = continuation(1) {
                scalar = (b0 & 0x1F) << 6 | c1
                length = 2
            } else if b0 >= 0xE0, b0 <= 0xEF, let c1 = continuation(1), let c2 = continuation(2) {
                let value = (b0 & 0x0F) << 12 | c1 << 6 | c2
                if value >= 0x800, value & 0xF800 != 0xD800 {
                    scalar = value
                    length = 3
                }
            } else if b0 >= 0xF0, b0 <= 0xF4, let c1 = continuation(1), let c2 = continuation(2),
                let c3 = continuation(3)
            {
                let value = (b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
                if value >= 0x1_0000, value <= 0x10_FFFF {
                    scalar = value
                    length = 4
                }
            }
            guard let scalar else { return decodeReplacing(bytes, into: out) }
            out[n] = scalar
            n &+= 1
            i &+= length
        }
        return n
    }

    /// The standard library's UTF-8 decoding, with U+FFFD for each ill-formed sequence.
    static func decodeReplacing(
        _ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt32>
    ) -> Int {
        var n = 0
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
        _ text: Text, digits: Digits, extensionDigits: Digits
    ) throws(PhoneNumberParseError) -> Result {
        guard TextRules.isViable(text) else { throw .notANumber }
        let startsWithPlus = !text.isEmpty && CharacterClass.isPlus(text[0])
        // The extension.
        var numberEnd = text.count
        var extensionCount = 0
        let tail = TextRules.tail(text)
        if let start = TextRules.extensionStart(text, tail: tail),
            TextRules.isViable(UnsafeBufferPointer(rebasing: text[0..<start]))
        {
            numberEnd = start
            for c in text[tail.digitsStart..<tail.digitsEnd] {
                extensionDigits[extensionCount] = UInt8(truncatingIfNeeded: CharacterClass.digitValue(c))
                extensionCount += 1
            }
        }
        let number = UnsafeBufferPointer(rebasing: text[0..<numberEnd])
        return try parseDigits(
            count: Self.normalize(number, into: digits), startsWithPlus: startsWithPlus, digits: digits,
            extensionRange: 0..<extensionCount)
    }

    /// The digit stage: the calling code, then the national prefix and the length, from the
    /// number's normalized digits (`digits[0..<count]`).
    @inline(__always)
    func parseDigits(
        count: Int, startsWithPlus: Bool, digits: Digits, extensionRange: Range<Int>
    ) throws(PhoneNumberParseError) -> Result {
        if defaultRecord == nil, !startsWithPlus {
            throw unknownRegion.map { .unknownRegion($0) } ?? .missingRegion
        }
        var extracted: (code: Int, start: Int, end: Int)
        do {
            extracted = try extractCountryCode(digits, count: count, startsWithPlus: startsWithPlus)
        } catch .invalidCountryCode where startsWithPlus {
            // libphonenumber tries again without the plus signs (the digits are the same).
            extracted = try extractCountryCode(digits, count: count, startsWithPlus: false)
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
    @inline(__always)
    func finish(
        countryCode: Int, record: PlanRecord?, digits: Digits, start: Int, end: Int,
        extensionRange: Range<Int>
    ) throws(PhoneNumberParseError) -> Result {
        guard end - start >= Self.minimumNationalLength else { throw .tooShortNationalNumber }
        var range = start..<end
        // Anything this long stays too long whatever the prefix rules do.
        guard end - start <= 3 * Self.maximumNationalLength else { throw .tooLong }
        var length: NumberLength.Result? = nil
        var tags: Int? = nil
        let isMain = record?.isMainCountryForCode == true || record?.isNonGeographic == true
        if let record {
            // The calling code's main record reads the E.164 back (`+CC` and these digits).
            let main = isMain ? record : plan.mainRecord(forCallingCode: countryCode)
            let stripped = NationalPrefix.strip(digits, range, record: record)
            let result = NumberLength.test(stripped.range.count, record: record)
            if result != .tooShort, result != .possibleLocalOnly, result != .invalidLength {
                // Unlike libphonenumber, a prefix stays when the number left would lose another
                // one on reading its E.164 back (`+375 0 8102333755` is not `+3758102333755`).
                if stripped.range == range
                    || NationalPrefix.readsBack(
                        UnsafeBufferPointer(rebasing: digits[stripped.range]), record: main)
                {
                    range = stripped.range
                    length = result
                    tags = stripped.tags
                }
            } else if stripped.range == range {
                tags = stripped.tags
            }
            // A region sharing its calling code (JE, IM for +44) may keep digits that the main
            // region reads otherwise: the number is then what the main region reads.
            if !isMain, let main {
                range = NationalPrefix.readBack(digits, range, record: main)
            }
        }
        guard range.count >= Self.minimumNationalLength else { throw .tooShortNationalNumber }
        guard range.count <= Self.maximumNationalLength else { throw .tooLong }
        return Result(
            countryCode: countryCode, nationalRange: range, extensionRange: extensionRange,
            mainRecord: isMain ? record : nil, mainLength: isMain ? length : nil,
            mainTags: isMain ? tags : nil)
    }

    // MARK: Calling code

    /// `_maybe_extract_country_code` on the number's normalized digits (`digits[0..<count]`): the code
    /// and the national digits' range, or code 0 when the number carries no calling code (then
    /// `digits` is unspecified).
    func extractCountryCode(
        _ digits: Digits, count: Int, startsWithPlus: Bool
    ) throws(PhoneNumberParseError) -> (code: Int, start: Int, end: Int) {
        if startsWithPlus {
            let cc = try countryCodeAfterInternationalPrefix(digits, count: count)
            return (cc.code, cc.nationalStart, count)
        }
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
        let potential = UnsafeBufferPointer(rebasing: digits[stripped.range])
        let general = PlanDescription.general.rawValue
        let fullMatches = record.typeAutomaton.tags(full) >> general & 1 != 0
        let potentialTags = stripped.tags ?? record.typeAutomaton.tags(potential)
        let potentialMatches = potentialTags >> general & 1 != 0
        if (!fullMatches && potentialMatches) || NumberLength.test(count, record: record) == .tooLong {
            return (code, stripped.range.lowerBound, stripped.range.upperBound)
        }
        return (0, 0, count)
    }

    /// After `+` or an international prefix: at least three digits, then a known calling code.
    func countryCodeAfterInternationalPrefix(
        _ digits: Digits, count: Int
    ) throws(PhoneNumberParseError) -> (code: Int, nationalStart: Int) {
        guard count > Self.minimumNationalLength else { throw .tooShortAfterInternationalPrefix }
        guard let cc = plan.callingCode(startingWith: Int(digits[0]), Int(digits[1]), Int(digits[2])) else {
            throw .invalidCountryCode
        }
        return (cc.code, cc.length)
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
