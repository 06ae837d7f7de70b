import PhoneNumbers
import Testing

/// One rule per row: what a person typed, the default region, and what libphonenumber answers
/// (every expected value below was produced by `phonenumbers` 9.0.43).
struct ParseCase: CustomTestStringConvertible, Sendable {
    let input: String
    let region: String?
    let e164: String
    let regionCode: String?
    let type: PhoneNumberType
    var `extension`: String? = nil
    var testDescription: String { "\(input.debugDescription) in \(region ?? "-")" }
}

@Suite("Parsing")
struct ParsingTests {
    @Test(
        "International, national and prefixed forms",
        arguments: [
            ParseCase(
                input: "+442079460958", region: nil, e164: "+442079460958", regionCode: "GB", type: .fixedLine
            ),
            ParseCase(
                input: "020 7946 0958", region: "GB", e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "020 7946 0958", region: "gb", e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "(201) 555-0123", region: "US", e164: "+12015550123", regionCode: "US",
                type: .fixedLineOrMobile),
            ParseCase(
                input: "+1 201-555-0123", region: nil, e164: "+12015550123", regionCode: "US",
                type: .fixedLineOrMobile),
            ParseCase(
                input: "011 44 20 7946 0958", region: "US", e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "00 44 20 7946 0958", region: "DE", e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "0011 44 20 7946 0958", region: "AU", e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "8 10 44 20 7946 0958", region: "RU", e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "+44 (0) 20 7946 0958", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "0 20 7946 0958", region: "GB", e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
        ])
    func forms(_ c: ParseCase) throws {
        try check(c)
    }

    @Test(
        "Digits of every script, fullwidth plus and Unicode separators",
        arguments: [
            ParseCase(
                input: "+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "+۴۴ ۲۰ ۷۹۴۶ ۰۹۵۸", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "+४४ २० ७९४६ ०९५८", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "＋４４ ２０ ７９４６ ０９５８", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "+৪৪ ২০ ৭৯৪৬ ০৯৫৮", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "+๔๔ ๒๐ ๗๙๔๖ ๐๙๕๘", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "+𝟒𝟒 𝟐𝟎 𝟕𝟗𝟒𝟔 𝟎𝟗𝟓𝟖", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "+44\u{00A0}20\u{2013}7946\u{2014}0958", region: nil, e164: "+442079460958",
                regionCode: "GB", type: .fixedLine),
            // ICU's White_Space and Dash widen libphonenumber's list: thin and narrow no-break spaces, tabs.
            ParseCase(
                input: "+44\u{2009}20\u{202F}7946\t0958", region: nil, e164: "+442079460958",
                regionCode: "GB", type: .fixedLine),
        ])
    func scripts(_ c: ParseCase) throws {
        try check(c)
    }

    @Test(
        "Text around the number, extensions, RFC 3966 and vanity letters",
        arguments: [
            ParseCase(
                input: "Tel: +44 20 7946 0958", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "[+44 20 7946 0958]", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine),
            ParseCase(
                input: "+44 20 7946 0958 ext. 123", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine, extension: "123"),
            ParseCase(
                input: "+44 20 7946 0958 x123", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine, extension: "123"),
            ParseCase(
                input: "+44 20 7946 0958#123", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine, extension: "123"),
            ParseCase(
                input: "+44 20 7946 0958;ext=123", region: nil, e164: "+442079460958", regionCode: "GB",
                type: .fixedLine, extension: "123"),
            ParseCase(
                input: "+1 201 555 0123, ext 45", region: nil, e164: "+12015550123", regionCode: "US",
                type: .fixedLineOrMobile, extension: "45"),
            ParseCase(
                input: "+1 201 555 0123 доб. 45", region: nil, e164: "+12015550123", regionCode: "US",
                type: .fixedLineOrMobile, extension: "45"),
            ParseCase(
                input: "+1 201 555 0123 extensión 45", region: nil, e164: "+12015550123", regionCode: "US",
                type: .fixedLineOrMobile, extension: "45"),
            ParseCase(
                input: "tel:+1-201-555-0123;ext=99", region: nil, e164: "+12015550123", regionCode: "US",
                type: .fixedLineOrMobile, extension: "99"),
            ParseCase(
                input: "tel:201-555-0123;phone-context=+1", region: nil, e164: "+12015550123",
                regionCode: "US", type: .fixedLineOrMobile),
            ParseCase(
                input: "tel:2015550123;phone-context=example.com", region: "US", e164: "+12015550123",
                regionCode: "US", type: .fixedLineOrMobile),
            ParseCase(
                input: "1-800-FLOWERS", region: "US", e164: "+18003569377", regionCode: "US", type: .tollFree),
        ])
    func text(_ c: ParseCase) throws {
        try check(c)
    }

    @Test(
        "Trunk prefixes, transform rules, leading zeros and shared calling codes",
        arguments: [
            ParseCase(
                input: "+39 06 6982 1234", region: nil, e164: "+390669821234", regionCode: "VA",
                type: .fixedLine),
            ParseCase(
                input: "06 6982 1234", region: "IT", e164: "+390669821234", regionCode: "VA", type: .fixedLine
            ),
            ParseCase(
                input: "+225 01 23 45 67 89", region: nil, e164: "+2250123456789", regionCode: "CI",
                type: .mobile),
            ParseCase(
                input: "011 15 2345-6789", region: "AR", e164: "+5491123456789", regionCode: "AR",
                type: .mobile),
            ParseCase(
                input: "+54 9 11 2345 6789", region: nil, e164: "+5491123456789", regionCode: "AR",
                type: .mobile),
            ParseCase(
                input: "+7 701 123 4567", region: nil, e164: "+77011234567", regionCode: "KZ", type: .mobile),
            ParseCase(
                input: "+7 912 345 6789", region: nil, e164: "+79123456789", regionCode: "RU", type: .mobile),
            ParseCase(
                input: "+44 1481 256789", region: nil, e164: "+441481256789", regionCode: "GG",
                type: .fixedLine),
            ParseCase(
                input: "+44 7781 123456", region: nil, e164: "+447781123456", regionCode: "GG", type: .mobile),
            ParseCase(
                input: "+44 1534 456789", region: nil, e164: "+441534456789", regionCode: "JE",
                type: .fixedLine),
            ParseCase(
                input: "+44 1624 756789", region: nil, e164: "+441624756789", regionCode: "IM",
                type: .fixedLine),
            ParseCase(
                input: "+1 613 555 0123", region: nil, e164: "+16135550123", regionCode: "CA",
                type: .fixedLineOrMobile),
            ParseCase(
                input: "+1 787 555 0123", region: nil, e164: "+17875550123", regionCode: "PR",
                type: .fixedLineOrMobile),
            ParseCase(
                input: "+800 1234 5678", region: nil, e164: "+80012345678", regionCode: "001", type: .tollFree
            ),
            ParseCase(
                input: "+979 123456789", region: nil, e164: "+979123456789", regionCode: "001",
                type: .premiumRate),
        ])
    func prefixes(_ c: ParseCase) throws {
        try check(c)
    }

    @Test(
        "Every line type",
        arguments: [
            ParseCase(
                input: "+1 900 212 3456", region: nil, e164: "+19002123456", regionCode: "US",
                type: .premiumRate),
            ParseCase(
                input: "+1 800 234 5678", region: nil, e164: "+18002345678", regionCode: "US", type: .tollFree
            ),
            ParseCase(
                input: "+44 845 464 0000", region: nil, e164: "+448454640000", regionCode: "GB",
                type: .premiumRate),
            ParseCase(
                input: "+44 70 1234 5678", region: nil, e164: "+447012345678", regionCode: "GB",
                type: .personalNumber),
            ParseCase(
                input: "+44 76 2345 6789", region: nil, e164: "+447623456789", regionCode: "GB", type: .pager),
            ParseCase(
                input: "+44 55 1234 5678", region: nil, e164: "+445512345678", regionCode: "GB", type: .uan),
            ParseCase(
                input: "+44 56 1234 5678", region: nil, e164: "+445612345678", regionCode: "GB", type: .voip),
            ParseCase(
                input: "+34 901 12 34 56", region: nil, e164: "+34901123456", regionCode: "ES",
                type: .sharedCost),
            ParseCase(
                input: "+39 3 3512 3456", region: nil, e164: "+39335123456", regionCode: "IT", type: .mobile),
        ])
    func types(_ c: ParseCase) throws {
        try check(c)
    }

    @Test("A number that parses but matches no pattern is possible yet invalid")
    func validity() throws {
        let spare = try PhoneNumber(parsing: "+44 7700 900123")
        #expect(spare.regionCode == nil)
        #expect(!spare.isValid)
        #expect(spare.isPossible)
        #expect(spare.type == .unknown)
        let mexican = try PhoneNumber(parsing: "044 55 1234 5678", region: "MX")
        #expect(mexican.e164 == "+520445512345678")
        #expect(!mexican.isPossible)
        let nonGeographic = try PhoneNumber(parsing: "+882 3100 0000")
        #expect(nonGeographic.regionCode == "001")
        #expect(!nonGeographic.isValid)
    }

    @Test(
        "Bad input names the rule it broke",
        arguments: [
            ("", nil, PhoneNumberParseError.notANumber),
            ("abc", "US", .notANumber),
            ("+", "US", .notANumber),
            ("++44", nil, .notANumber),
            ("5", "US", .notANumber),
            ("tel:123;phone-context=", "US", .notANumber),
            ("+999 123 456", nil, .invalidCountryCode),
            ("+0 123 456", nil, .invalidCountryCode),
            ("2015550123", nil, .missingRegion),
            ("2015550123", "ZZ", .unknownRegion("ZZ")),
            ("00", "GB", .tooShortAfterInternationalPrefix),
            ("0044", "GB", .tooShortAfterInternationalPrefix),
            ("+44 2", nil, .tooShortNationalNumber),
            ("00 44 1", "GB", .tooShortNationalNumber),
            ("+44 123456789012345678", nil, .tooLong),
            (String(repeating: "1", count: 251), "US", .inputTooLong(byteCount: 251)),
            (String(repeating: "٤", count: 126), "US", .inputTooLong(byteCount: 252)),
        ] as [(String, String?, PhoneNumberParseError)])
    func errors(input: String, region: String?, expected: PhoneNumberParseError) {
        #expect(throws: expected) { try PhoneNumber(parsing: input, region: region) }
    }

    @Test("Error identifiers are stable snake_case")
    func identifiers() {
        let all: [PhoneNumberParseError] = [
            .inputTooLong(byteCount: 300), .notANumber, .missingRegion, .unknownRegion("UK"),
            .invalidCountryCode, .tooShortAfterInternationalPrefix, .tooShortNationalNumber, .tooLong,
        ]
        #expect(
            all.map(\.identifier) == [
                "input_too_long", "not_a_number", "missing_region", "unknown_region", "invalid_country_code",
                "too_short_after_idd", "too_short_nsn", "too_long",
            ])
        #expect(PhoneNumberParseError.unknownRegion("UK").description.contains("'UK'"))
    }

    @Test("Parsing bytes and parsing a String agree, and Substrings work")
    func byteInput() throws {
        let text = "Call +44 20 7946 0958 now"
        let fromString = try PhoneNumber(parsing: text)
        let fromBytes = try Array(text.utf8).withUnsafeBufferPointer { try PhoneNumber(parsingUTF8: $0) }
        let fromSubstring = try PhoneNumber(parsing: text.dropFirst(5))
        #expect(fromString == fromBytes)
        #expect(fromString == fromSubstring)
        // Ill-formed UTF-8 is read as replacement characters, never as digits.
        let broken: [UInt8] = [
            0x2B, 0x34, 0x34, 0xFF, 0x32, 0x30, 0x37, 0x39, 0x34, 0x36, 0x30, 0x39, 0x35, 0x38,
        ]
        #expect(throws: PhoneNumberParseError.notANumber) {
            try broken.withUnsafeBufferPointer { try PhoneNumber(parsingUTF8: $0) }
        }
    }

    func check(_ c: ParseCase) throws {
        let number = try PhoneNumber(parsing: c.input, region: c.region)
        #expect(number.e164 == c.e164)
        #expect(number.regionCode == c.regionCode)
        #expect(number.type == c.type)
        #expect(number.isValid == (c.type != .unknown))
        #expect(number.extension == c.extension)
    }
}
