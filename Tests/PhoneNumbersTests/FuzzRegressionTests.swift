import PhoneNumbers
import Testing

/// Inputs found by the fuzz targets (Fuzz/, docs/FUZZING.md), pinned with the behaviour they keep.
@Suite("Fuzz regressions")
struct PhoneNumberFuzzRegressionTests {
    /// One input and what it must read as, and how its formatted forms read back.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let region: String?
        let e164: String
        let extensionDigits: String?
        let international: String
        /// The error reading `international` back gives, or `nil` if it reads as the same number.
        let internationalReadBack: PhoneNumberParseError?
        let rfc3966: String

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // fuzz-phone: a valid UK number with a 15-digit extension. GB writes extensions with the
        // ambiguous ` x` label, after which libphonenumber reads at most 9 digits, so its
        // international form is too long to read back, exactly as in libphonenumber 9.0.43; the
        // RFC 3966 form (`;ext=`, up to 20 digits) reads back.
        Case(
            name: "15-digit extension after ' x' (GB)",
            input: "+440kki0000005\u{A0}\u{A0};. 000000000000000", region: nil,
            e164: "+445540000005", extensionDigits: "000000000000000",
            international: "+44 55 4000 0005 x000000000000000", internationalReadBack: .tooLong,
            rfc3966: "tel:+44-55-4000-0005;ext=000000000000000")
    ]

    @Test("fuzzer-found inputs read, format and read back as libphonenumber does", arguments: cases)
    func readsAndFormats(_ c: Case) throws {
        let number = try PhoneNumber(parsing: c.input, region: c.region)
        #expect(number.isValid)
        #expect(number.e164 == c.e164)
        #expect(number.extension == c.extensionDigits)
        #expect(number.formatted(.international) == c.international)
        #expect(number.formatted(.rfc3966) == c.rfc3966)

        let international = Result { () throws(PhoneNumberParseError) in
            try PhoneNumber(parsing: c.international)
        }
        switch (international, c.internationalReadBack) {
        case (.failure(let error), let expected?): #expect(error == expected)
        case (.success(let again), nil): #expect(again == number)
        default: Issue.record("international form read back as \(international)")
        }

        let again = try PhoneNumber(parsing: c.rfc3966)
        #expect(again.e164 == number.e164 && again.extension == number.extension && again.type == number.type)
    }

    /// An E.164 answer, and what it must read back as: itself.
    struct ReadBackCase: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let region: String?
        let e164: String
        let isValid: Bool

        var testDescription: String { name }
    }

    static let readBackCases: [ReadBackCase] = [
        // fuzz-phone: libphonenumber reads `+375 0 8102333755` as the premium-rate `+3758102333755`,
        // whose E.164 reads back as `+375102333755` (the `8` is a national prefix again). The `0`
        // stays: the E.164 is the input's digits, not valid, and reads back as itself.
        ReadBackCase(
            name: "BY: prefix 0 before 8102333755", input: "+37508102333755", region: nil,
            e164: "+37508102333755", isValid: false),
        ReadBackCase(
            name: "BY: the same written nationally", input: "08102333755", region: "BY",
            e164: "+37508102333755", isValid: false),
        // Where the number left keeps no prefix, it is removed as libphonenumber does.
        ReadBackCase(
            name: "BY: E.164 of the premium number", input: "+3758102333755", region: nil,
            e164: "+375102333755", isValid: false),
        ReadBackCase(
            name: "GB: +44 (0) 20", input: "+44 (0)20 7946 0958", region: nil, e164: "+442079460958",
            isValid: true),
        ReadBackCase(
            name: "GB: national 020", input: "020 7946 0958", region: "GB", e164: "+442079460958",
            isValid: true),
        // JE keeps the 0 (the number left is too short for JE); GB, which reads +44 back, drops it.
        ReadBackCase(
            name: "JE: 0570 read as +44 reads it", input: "0570-123-457", region: "JE",
            e164: "+44570123457", isValid: false),
        ReadBackCase(
            name: "AR: national transform 011 15", input: "011 15-2345-6789", region: "AR",
            e164: "+5491123456789", isValid: true),
    ]

    @Test("an E.164 answer reads back as itself", arguments: readBackCases)
    func e164ReadsBack(_ c: ReadBackCase) throws {
        let number = try PhoneNumber(parsing: c.input, region: c.region)
        #expect(number.e164 == c.e164)
        #expect(number.isValid == c.isValid)
        let again = try PhoneNumber(parsing: number.e164)
        #expect(again.e164 == number.e164)
        #expect(again.type == number.type && again.regionCode == number.regionCode)
    }
}
