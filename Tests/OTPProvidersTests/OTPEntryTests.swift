import OTPProviders
import Testing

@Suite("One-time code entry folding")
struct OTPEntryTests {
    @Test(
        "digits of every script fold to ASCII; spaces and dashes go",
        arguments: [
            ("1234", "1234"),
            ("١٢٣٤", "1234"),  // Arabic-Indic
            ("۱۲۳۴", "1234"),  // Extended Arabic-Indic
            ("१२३४", "1234"),  // Devanagari
            ("১২৩৪", "1234"),  // Bengali
            ("๑๒๓๔", "1234"),  // Thai
            ("１２３４", "1234"),  // fullwidth
            ("12 34", "1234"),
            ("12-34", "1234"),
            ("\t1234\n", "1234"),
            ("12\u{2013}34", "1234"),  // en dash
            ("12\u{2212}34", "1234"),  // minus sign (Unicode Dash)
            ("12\u{00A0}34", "1234"),  // no-break space
            ("١٢ ٣٤", "1234"),
            ("12a4", "12a4"),  // other characters stay for validation to see
            ("12.34", "12.34"),
            ("", ""),
        ])
    func fold(_ input: String, expected: String) {
        #expect(OTPEntry.normalize(input) == expected)
    }

    @Test("over-long input is returned unchanged")
    func bounded() {
        let long = String(repeating: "١", count: 200)  // 400 bytes
        #expect(OTPEntry.normalize(long) == long)
    }
}
