extension PhoneNumber {
    /// Reads a phone number from text as a person or a spreadsheet wrote it.
    ///
    /// Accepts E.164 (`+442079460958`), international and national formats with any punctuation,
    /// digits of every script, vanity letters (`1-800-FLOWERS`), extensions (`ext. 12`, `x12`,
    /// `#12`, `;ext=12`) and RFC 3966 URIs (`tel:…;phone-context=…`), with libphonenumber's rules.
    ///
    /// - Parameters:
    ///   - text: at most 250 UTF-8 bytes.
    ///   - region: the default region (ISO 3166-1 alpha-2, either case) for numbers written
    ///     without `+` or an international prefix.
    ///   - plan: the numbering plan; the bundled one by default.
    /// - Throws: ``PhoneNumberParseError`` naming the rule the text broke.
    public init(
        parsing text: some StringProtocol, region: String? = nil, plan: NumberingPlan = .bundled
    ) throws(PhoneNumberParseError) {
        let count = text.utf8.count
        guard count <= PhoneNumberParser.maximumInputBytes else { throw .inputTooLong(byteCount: count) }
        self = try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) {
            buffer throws(PhoneNumberParseError) -> PhoneNumber in
            _ = buffer.initialize(from: text.utf8)
            return try PhoneNumber(parsingUTF8: UnsafeBufferPointer(buffer), region: region, plan: plan)
        }
    }

    /// Reads a phone number from a `String` (see ``init(parsing:region:plan:)-(StringProtocol,_,_)``).
    public init(
        parsing text: String, region: String? = nil, plan: NumberingPlan = .bundled
    ) throws(PhoneNumberParseError) {
        // Native strings hand their UTF-8 over without a copy (and without a retain).
        let parsed = text.utf8.withContiguousStorageIfAvailable { bytes in
            Result { () throws(PhoneNumberParseError) -> PhoneNumber in
                try PhoneNumber(parsingUTF8: bytes, region: region, plan: plan)
            }
        }
        if let parsed {
            self = try parsed.get()
            return
        }
        let count = text.utf8.count
        guard count <= PhoneNumberParser.maximumInputBytes else { throw .inputTooLong(byteCount: count) }
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(PhoneNumberParseError) -> PhoneNumber in
                try PhoneNumber(parsingUTF8: bytes, region: region, plan: plan)
            }
        }
        self = try result.get()
    }

    /// Reads a phone number from UTF-8 bytes (no `String` needed: the fast path for files).
    ///
    /// Ill-formed UTF-8 is read as U+FFFD replacement characters, which are never digits.
    public init(
        parsingUTF8 bytes: UnsafeBufferPointer<UInt8>, region: String? = nil,
        plan: NumberingPlan = .bundled
    ) throws(PhoneNumberParseError) {
        guard bytes.count <= PhoneNumberParser.maximumInputBytes else {
            throw .inputTooLong(byteCount: bytes.count)
        }
        if let number = Self.parseE164(bytes, plan: plan) {
            self = number
            return
        }
        self = try Self.parseGeneral(bytes, region: region, plan: plan)
    }

    /// Every input the E.164 fast path does not take (bounded by the caller).
    static func parseGeneral(
        _ bytes: UnsafeBufferPointer<UInt8>, region: String?, plan: NumberingPlan
    ) throws(PhoneNumberParseError) -> PhoneNumber {
        var defaultRecord: PlanRecord? = nil
        if let region { defaultRecord = plan.record(forRegion: region) }
        let parser = PhoneNumberParser(
            plan: plan, defaultRecord: defaultRecord, unknownRegion: defaultRecord == nil ? region : nil)
        let digitCapacity = PhoneNumberParser.digitCapacity
        return try withUnsafeTemporaryAllocation(
            of: UInt8.self, capacity: digitCapacity + PhoneNumberParser.maximumInputBytes
        ) { buffer throws(PhoneNumberParseError) -> PhoneNumber in
            let digits = UnsafeMutableBufferPointer(rebasing: buffer[0..<digitCapacity])
            let extensionDigits = UnsafeMutableBufferPointer(rebasing: buffer[digitCapacity...])
            let result = try parser.parse(utf8: bytes, digits: digits, extensionDigits: extensionDigits)
            let national = UnsafeBufferPointer(rebasing: digits[result.nationalRange])
            var ext: String? = nil
            if !result.extensionRange.isEmpty {
                let e = UnsafeBufferPointer(rebasing: extensionDigits[result.extensionRange])
                ext = String(unsafeUninitializedCapacity: e.count) { out in
                    for (i, d) in e.enumerated() { out[i] = d &+ 0x30 }
                    return e.count
                }
            }
            let classification = Classification(
                countryCode: result.countryCode, nationalDigits: national, plan: plan,
                mainRecord: result.mainRecord, mainLength: result.mainLength, mainTags: result.mainTags)
            return PhoneNumber(
                countryCode: result.countryCode, nationalDigits: national, extension: ext,
                classification: classification)
        }
    }

    /// Builds the value from a calling code and national significant digits, classifying it.
    init(
        countryCode: Int, nationalDigits: UnsafeBufferPointer<UInt8>, extension: String?,
        classification: Classification
    ) {
        var value: UInt64 = 0
        for d in nationalDigits { value = value &* 10 &+ UInt64(d) }
        // libphonenumber's Italian leading zeros: all leading zeros but the last digit.
        var zeros = 0
        if nationalDigits.count > 1, nationalDigits[0] == 0 {
            zeros = 1
            while zeros < nationalDigits.count - 1, nationalDigits[zeros] == 0 { zeros += 1 }
        }
        self.init(
            countryCode: countryCode, nationalNumber: value, leadingZeros: UInt8(truncatingIfNeeded: zeros),
            extension: `extension`, packedRegion: classification.region?.packedRegionCode ?? 0,
            type: classification.type,
            isPossible: classification.isPossible)
    }

    /// The commonest gateway input, `+` and 4–20 ASCII digits whose national part no prefix rule
    /// touches, answered without the general machinery. Returns nil to hand anything else to it, so
    /// the answers are the same by construction.
    static func parseE164(_ bytes: UnsafeBufferPointer<UInt8>, plan: NumberingPlan) -> PhoneNumber? {
        let n = bytes.count
        guard n >= 4, n <= 21, bytes[0] == 0x2B, bytes[1] != 0x30 else { return nil }
        guard
            let cc = plan.callingCode(
                startingWith: Int(bytes[1] &- 0x30), Int(bytes[2] &- 0x30), Int(bytes[3] &- 0x30))
        else { return nil }
        let code = cc.code
        let national = 1 &+ cc.length
        let length = n &- national
        guard length >= PhoneNumberParser.minimumNationalLength,
            length <= PhoneNumberParser.maximumNationalLength
        else { return nil }
        let main = plan.record(inList: cc.list, at: 0)
        var value: UInt64 = 0
        for i in national..<n {
            let d = bytes[i] &- 0x30
            guard d < 10 else { return nil }
            value = value &* 10 &+ UInt64(d)
        }
        // A national prefix that could match: when the prefix rules change the number, the
        // general path takes it.
        let firstDigit = Int(bytes[national] &- 0x30)
        if main.nationalPrefixFirstDigits & (1 << 10 | 1 << firstDigit) != 0,
            main.nationalPrefixForParsing != nil
        {
            let capacity = PhoneNumberParser.digitCapacity
            let unchanged = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { digits in
                for i in 0..<length { digits[i] = bytes[national &+ i] &- 0x30 }
                return NationalPrefix.strip(digits, 0..<length, record: main).range == 0..<length
            }
            guard unchanged else { return nil }
        }
        let lengthResult = NumberLength.test(length, record: main)
        var zeros = 0
        if length > 1, firstDigit == 0 {
            zeros = 1
            while zeros < length &- 1, bytes[national &+ zeros] == 0x30 { zeros &+= 1 }
        }
        let nsn = UnsafeBufferPointer(rebasing: bytes[national...])
        var type = PhoneNumberType.unknown
        var region: UInt32 = 0
        // One region for the code, or a main region without leading digits that accepts the number
        // (US for +1, GB for +44): one walk of its automaton, straight over the ASCII digits.
        let single = cc.list.count == 1
        if single || !main.hasLeadingDigits {
            type = Classification.type(
                tags: main.typeAutomaton.tags(asciiDigits: nsn), length: length, record: main)
        }
        if single || type != .unknown {
            region = main.packedRegionCode
        } else {
            let classification = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { digits in
                for i in 0..<length { digits[i] = nsn[i] &- 0x30 }
                return Classification(
                    countryCode: code, nationalDigits: UnsafeBufferPointer(digits), plan: plan,
                    mainRecord: main,
                    mainLength: lengthResult)
            }
            type = classification.type
            region = classification.region?.packedRegionCode ?? 0
        }
        return PhoneNumber(
            countryCode: code, nationalNumber: value, leadingZeros: UInt8(truncatingIfNeeded: zeros),
            extension: nil, packedRegion: region, type: type,
            isPossible: lengthResult == .possible || lengthResult == .possibleLocalOnly)
    }
}
