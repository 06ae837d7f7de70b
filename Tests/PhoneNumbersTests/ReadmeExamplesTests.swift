import PhoneNumbers
import Testing

/// The examples in README.md, exactly as written there.
@Suite("README examples")
struct ReadmeExamplesTests {
    @Test("Using the library")
    func usingTheLibrary() throws {
        let number = try PhoneNumber(parsing: "020 7946 0958", region: "GB")
        #expect(number.e164 == "+442079460958")
        #expect(number.regionCode == "GB")
        #expect(number.isValid)
        #expect(number.type == .fixedLine)
        #expect(number.formatted(.international) == "+44 20 7946 0958")
        #expect(number.formatted(.national) == "020 7946 0958")
        #expect(number.formatted(.rfc3966) == "tel:+44-20-7946-0958")

        #expect(try PhoneNumber(parsing: "+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨").e164 == "+442079460958")
        #expect(try PhoneNumber(parsing: "1-800-FLOWERS", region: "US").e164 == "+18003569377")
        #expect(try PhoneNumber(parsing: "+1 201 555 0123 ext. 45").extension == "45")
        #expect(throws: PhoneNumberParseError.invalidCountryCode) { try PhoneNumber(parsing: "+999 123 456") }
        #expect(PhoneNumberParseError.invalidCountryCode.identifier == "invalid_country_code")
    }
}
