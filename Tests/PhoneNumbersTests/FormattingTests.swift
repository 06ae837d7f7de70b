import PhoneNumbers
import Testing

/// Formats as libphonenumber writes them (expected values from `phonenumbers` 9.0.43).
@Suite("Formatting")
struct FormattingTests {
    @Test(
        "International, national and RFC 3966",
        arguments: [
            ("+442079460958", nil, "+44 20 7946 0958", "020 7946 0958", "tel:+44-20-7946-0958"),
            ("(201) 555-0123", "US", "+1 201-555-0123", "(201) 555-0123", "tel:+1-201-555-0123"),
            (
                "+44 20 7946 0958 ext. 123", nil, "+44 20 7946 0958 x123", "020 7946 0958 x123",
                "tel:+44-20-7946-0958;ext=123"
            ),
            (
                "+1 201 555 0123, ext 45", nil, "+1 201-555-0123 ext. 45", "(201) 555-0123 ext. 45",
                "tel:+1-201-555-0123;ext=45"
            ),
            ("+39 06 6982 1234", nil, "+39 06 6982 1234", "06 6982 1234", "tel:+39-06-6982-1234"),
            ("+225 01 23 45 67 89", nil, "+225 01 23 45 6789", "01 23 45 6789", "tel:+225-01-23-45-6789"),
            ("011 15 2345-6789", "AR", "+54 9 11 2345-6789", "011 15-2345-6789", "tel:+54-9-11-2345-6789"),
            ("+7 912 345 6789", nil, "+7 912 345-67-89", "8 (912) 345-67-89", "tel:+7-912-345-67-89"),
            ("+800 1234 5678", nil, "+800 1234 5678", "1234 5678", "tel:+800-1234-5678"),
            ("+979 123456789", nil, "+979 1 2345 6789", "1 2345 6789", "tel:+979-1-2345-6789"),
            ("+882 3100 0000", nil, "+882 31000000", "31000000", "tel:+882-31000000"),
            ("044 55 1234 5678", "MX", "+52 0445512345678", "0445512345678", "tel:+52-0445512345678"),
        ] as [(String, String?, String, String, String)])
    func formats(input: String, region: String?, international: String, national: String, rfc3966: String)
        throws
    {
        let number = try PhoneNumber(parsing: input, region: region)
        #expect(number.formatted(.international) == international)
        #expect(number.formatted(.national) == national)
        #expect(number.formatted(.rfc3966) == rfc3966)
    }

    @Test("E.164 and the national significant number keep Italian leading zeros")
    func leadingZeros() throws {
        let number = try PhoneNumber(parsing: "06 6982 1234", region: "IT")
        #expect(number.e164 == "+390669821234")
        #expect(number.formatted(.e164) == number.e164)
        #expect(number.nationalSignificantNumber == "0669821234")
        #expect(number.leadingZeros == 1)
        #expect(number.nationalNumber == 669_821_234)
    }

    @Test(
        "Every format of a parsed number parses back to the same number",
        arguments: [
            "+442079460958", "+12015550123", "+390669821234", "+2250123456789", "+5491123456789",
            "+79123456789", "+80012345678", "+447781123456", "+16135550123", "+44 20 7946 0958 x12",
        ])
    func roundTrip(input: String) throws {
        let number = try PhoneNumber(parsing: input)
        for format in [PhoneNumberFormat.e164, .international, .rfc3966] {
            let again = try PhoneNumber(parsing: number.formatted(format))
            #expect(again.e164 == number.e164, "\(format)")
        }
        if let region = number.regionCode, region != "001" {
            let national = try PhoneNumber(parsing: number.formatted(.national), region: region)
            #expect(national.e164 == number.e164)
        }
    }

    /// E.164 written the plain way, to check the fixed-work writer against.
    static func plainE164(countryCode: Int, nationalNumber: UInt64, leadingZeros: UInt8) -> String {
        "+\(countryCode)" + String(repeating: "0", count: Int(leadingZeros)) + "\(nationalNumber)"
    }

    @Test(
        "E.164 of every stored shape: digit counts 1-19, zero halves, leading zeros, unusual values",
        arguments: [
            (44, 2_079_460_958, 0), (1, 0, 0), (1, 0, 1), (39, 669_821_234, 1), (7, 99_999_999, 0),
            (7, 100_000_000, 0), (7, 10_000_000_000_000_000, 0), (979, 999_999_999_999_999_999, 0),
            (1, 100_000_000_000_000_000, 16), (225, 123_456_789, 16), (999, 1, 0), (82, 10, 0),
            (1000, 5, 0), (44, 1_000_000_000_000_000_000, 0), (44, 5, 17), (0, 12, 0),
        ] as [(Int, UInt64, UInt8)])
    func e164Shapes(countryCode: Int, nationalNumber: UInt64, leadingZeros: UInt8) {
        let number = PhoneNumber(
            countryCode: countryCode, nationalNumber: nationalNumber, leadingZeros: leadingZeros,
            extension: nil, packedRegion: 0, type: .unknown, isPossible: false)
        let expected = Self.plainE164(
            countryCode: countryCode, nationalNumber: nationalNumber, leadingZeros: leadingZeros)
        #expect(number.e164 == expected)
        #expect(number.formatted(.e164) == expected)
    }

    @Test("E.164 agrees with plain decimal writing for 20,000 seeded random numbers")
    func e164Random() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {  // SplitMix64: fixed seed, so every run checks the same values
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var mismatches = 0
        for _ in 0..<20_000 {
            let r = next()
            let digits = Int(r % 19)  // 0...18 digits of national number
            var limit: UInt64 = 1
            for _ in 0..<digits { limit &*= 10 }
            let national = next() % limit
            let code = Int(next() % 999) + 1
            let zeros = UInt8(next() % 17)
            let number = PhoneNumber(
                countryCode: code, nationalNumber: national, leadingZeros: zeros, extension: nil,
                packedRegion: 0, type: .unknown, isPossible: false)
            if number.e164 != Self.plainE164(countryCode: code, nationalNumber: national, leadingZeros: zeros)
            {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }
}
