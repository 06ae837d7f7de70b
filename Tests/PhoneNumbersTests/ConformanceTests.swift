import PhoneNumbers
import Testing

/// Agreement with libphonenumber over the generated fixture (`Fixtures/conformance.tsv`,
/// produced by `data/conformance/make_fixtures.py` from the `phonenumbers` 9.0.43 oracle).
///
/// Each test prints its agreement rate and the first disagreements, then asserts a floor.
@Suite("Conformance with libphonenumber")
struct ConformanceTests {
    /// How many disagreeing rows a test prints.
    static let reportLimit = 50

    /// The oracle's error name for each of our error identifiers. Keyed by
    /// ``PhoneNumberParseError/identifier`` so that a new error case shows up as a disagreement
    /// (`unmapped:…`) instead of breaking the build.
    static let oracleNames: [String: String] = [
        "input_too_long": "TOO_LONG",
        "not_a_number": "NOT_A_NUMBER",
        "missing_region": "INVALID_COUNTRY_CODE",
        "unknown_region": "INVALID_COUNTRY_CODE",
        "invalid_country_code": "INVALID_COUNTRY_CODE",
        "too_short_after_idd": "TOO_SHORT_AFTER_IDD",
        "too_short_nsn": "TOO_SHORT_NSN",
        "too_long": "TOO_LONG",
    ]

    /// The oracle's error name for one of our parse errors.
    static func oracleStatus(of error: PhoneNumberParseError) -> String {
        oracleNames[error.identifier] ?? "unmapped:\(error.identifier)"
    }

    /// Our answer for a row: the number, or the oracle name of the error with our identifier.
    static func parse(_ row: ConformanceRow) -> Result<PhoneNumber, PhoneNumberParseError> {
        do throws(PhoneNumberParseError) {
            return .success(try PhoneNumber(parsing: row.input, region: row.region))
        } catch {
            return .failure(error)
        }
    }

    /// One field on which we and the oracle differ.
    struct Difference: CustomStringConvertible {
        let field: String
        let expected: String
        let actual: String
        var description: String {
            "\(field): expected \(expected.debugDescription), got \(actual.debugDescription)"
        }
    }

    /// Adds a difference when the oracle's value and ours differ.
    static func compare(
        _ field: String, _ expected: String, _ actual: String, into differences: inout [Difference]
    ) {
        if expected != actual {
            differences.append(Difference(field: field, expected: expected, actual: actual))
        }
    }

    /// Prints the rate, per-field counts and the first disagreements.
    static func report(
        _ title: String, agreed: Int, total: Int, fieldCounts: [String: Int],
        examples: [(ConformanceRow, [Difference])]
    ) -> Double {
        let rate = total == 0 ? 0 : Double(agreed) / Double(total)
        print("[conformance] \(title): \(agreed)/\(total) rows agree (\(rate * 100)%)")
        for (field, count) in fieldCounts.sorted(by: { $0.key < $1.key }) {
            print("[conformance]   \(field): \(count) rows differ")
        }
        for (row, differences) in examples {
            print("[conformance]   \(row): " + differences.map(\.description).joined(separator: "; "))
        }
        return rate
    }

    @Test("The fixture loads and covers every oracle status")
    func fixtureLoads() throws {
        let rows = try ConformanceRow.load()
        #expect(rows.count >= 20_000)
        let statuses = Set(rows.map(\.status))
        #expect(
            statuses == [
                "ok", "INVALID_COUNTRY_CODE", "NOT_A_NUMBER", "TOO_SHORT_AFTER_IDD", "TOO_SHORT_NSN",
                "TOO_LONG",
            ])
        #expect(rows.contains { $0.input.contains("\t") }, "an escaped tab must round-trip")
        #expect(rows.contains { $0.input.hasPrefix("#") }, "an input may start with '#'")
        #expect(rows.contains { $0.input.isEmpty }, "an empty input is a row")
    }

    @Test(
        "Fixture escapes are undone",
        arguments: [
            ("plain", "plain"), ("a\\tb", "a\tb"), ("a\\nb", "a\nb"), ("a\\rb", "a\rb"),
            ("a\\\\tb", "a\\tb"), ("end\\", "end\\"), ("\\x", "\\x"), ("+44\u{00A0}20", "+44\u{00A0}20"),
        ])
    func unescape(escaped: String, expected: String) {
        #expect(ConformanceRow.unescape(escaped) == expected)
    }

    /// Where Dialtone differs from libphonenumber on purpose (docs/CONFORMANCE.md says why).
    enum Deliberate: String, CaseIterable {
        /// A Unicode space or dash (ICU White_Space or Dash) outside libphonenumber's hand list.
        case unicodeSeparator = "Unicode space or dash outside libphonenumber's list"
        /// A default region written in lower case.
        case lowercaseRegion = "lower-case default region"
        /// Over 250 UTF-8 bytes but at most 250 code points (Python counts code points).
        case byteBound = "input bound counted in UTF-8 bytes"
        /// The oracle's E.164 reads back as another number; ours reads back as itself.
        case readBack = "E.164 reads back as itself"
    }

    /// libphonenumber's VALID_PUNCTUATION (non-ASCII members); ASCII separators are all in it.
    static let libphonenumberPunctuation: Set<UInt32> = [
        0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x30FC, 0xFF0D, 0xFF0E, 0xFF0F, 0xA0, 0xAD,
        0x200B, 0x2060, 0x3000, 0xFF08, 0xFF09, 0xFF3B, 0xFF3D, 0x2053, 0x223C, 0xFF5E,
    ]

    /// Whether a scalar is a separator for Dialtone (ICU) but not for libphonenumber.
    static func isWidenedSeparator(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return s.value != 0x20 && s.value != 0x2D && DigitFolding.isSeparator(s) }
        return DigitFolding.isSeparator(s) && !libphonenumberPunctuation.contains(s.value)
    }

    /// The deliberate difference that explains a disagreeing row, checked, not assumed: the row's
    /// answer must equal Dialtone's answer for the input with the difference taken away.
    static func deliberateDifference(
        _ row: ConformanceRow, ours: Result<PhoneNumber, PhoneNumberParseError>
    ) -> Deliberate? {
        if row.status == "NOT_A_NUMBER", row.input.unicodeScalars.contains(where: isWidenedSeparator) {
            let plain = String(
                String.UnicodeScalarView(
                    row.input.unicodeScalars.map {
                        isWidenedSeparator($0) ? " " : $0
                    }))
            if (try? PhoneNumber(parsing: plain, region: row.region)) == (try? ours.get()) {
                return .unicodeSeparator
            }
        }
        if row.status == "INVALID_COUNTRY_CODE", let region = row.region, region != region.uppercased(),
            (try? PhoneNumber(parsing: row.input, region: region.uppercased())) == (try? ours.get())
        {
            return .lowercaseRegion
        }
        if row.input.utf8.count > 250, row.input.unicodeScalars.count <= 250,
            case .failure(.inputTooLong) = ours
        {
            return .byteBound
        }
        // The oracle's E.164 reads back as another number; ours reads back as itself and is either
        // the oracle's own reading of its E.164 (a region sharing the calling code read as the
        // main region reads it) or, with the national prefix kept, agrees on everything else.
        if row.status == "ok", row.e164ReadBack != row.e164, case .success(let number) = ours,
            number.e164 != row.e164, (try? PhoneNumber(parsing: number.e164))?.e164 == number.e164,
            number.e164 == row.e164ReadBack
                || (number.regionCode ?? "" == row.regionOut ?? "" && number.isValid == row.valid
                    && number.isPossible == row.possible && number.type.identifier == row.type)
        {
            return .readBack
        }
        return nil
    }

    /// How many rows each deliberate difference explains: exactly these, so that a new
    /// disagreement (or a deliberate difference that went away) fails the test.
    static let expectedDeliberate: [Deliberate: Int] = [
        .unicodeSeparator: 13, .lowercaseRegion: 2, .byteBound: 2, .readBack: 29,
    ]

    @Test("Parsing agrees with libphonenumber: status, E.164, region, validity, possibility, type")
    func parsingAgrees() throws {
        let rows = try ConformanceRow.load()
        try #require(rows.count >= 20_000)
        var agreed = 0
        var deliberate: [Deliberate: [Int]] = [:]
        var fieldCounts: [String: Int] = [:]
        var undocumented: [(ConformanceRow, [Difference])] = []
        for row in rows {
            var differences: [Difference] = []
            let ours = Self.parse(row)
            switch ours {
            case .failure(let error):
                let status = Self.oracleStatus(of: error)
                if status != row.status {
                    differences.append(
                        Difference(field: "status", expected: row.status, actual: error.identifier))
                }
            case .success(let number):
                if row.status != "ok" {
                    differences.append(Difference(field: "status", expected: row.status, actual: "ok"))
                } else {
                    Self.compare("e164", row.e164, number.e164, into: &differences)
                    Self.compare("region", row.regionOut ?? "", number.regionCode ?? "", into: &differences)
                    Self.compare("valid", "\(row.valid)", "\(number.isValid)", into: &differences)
                    Self.compare("possible", "\(row.possible)", "\(number.isPossible)", into: &differences)
                    Self.compare("type", row.type, number.type.identifier, into: &differences)
                }
            }
            if differences.isEmpty {
                agreed += 1
                continue
            }
            if let reason = Self.deliberateDifference(row, ours: ours) {
                deliberate[reason, default: []].append(row.line)
                continue
            }
            for difference in differences {
                fieldCounts[difference.field, default: 0] += 1
            }
            undocumented.append((row, differences))
        }
        for reason in Deliberate.allCases {
            let lines = deliberate[reason, default: []]
            print(
                "[conformance]   deliberate, \(reason.rawValue): \(lines.count) rows (lines "
                    + lines.map(String.init).joined(separator: ", ") + ")")
        }
        print(
            "[conformance] parsing, all rows: \(agreed)/\(rows.count) agree (\(Double(agreed) / Double(rows.count) * 100)%)"
        )
        let deliberateCount = deliberate.values.reduce(0) { $0 + $1.count }
        _ = Self.report(
            "parsing, rows without a deliberate difference", agreed: agreed,
            total: rows.count - deliberateCount,
            fieldCounts: fieldCounts, examples: Array(undocumented.prefix(Self.reportLimit)))
        #expect(undocumented.isEmpty, "\(undocumented.count) rows disagree without a documented reason")
        for reason in Deliberate.allCases {
            #expect(
                deliberate[reason, default: []].count == Self.expectedDeliberate[reason, default: 0],
                "deliberate difference '\(reason.rawValue)': lines \(deliberate[reason, default: []])")
        }
    }

    @Test("Formatting agrees with libphonenumber: INTERNATIONAL, NATIONAL, RFC 3966")
    func formattingAgrees() throws {
        let rows = try ConformanceRow.load().filter { $0.status == "ok" }
        try #require(rows.count >= 20_000)
        var agreed = 0
        var byteBound: [Int] = []
        var readBack: [Int] = []
        var fieldCounts: [String: Int] = [:]
        var undocumented: [(ConformanceRow, [Difference])] = []
        for row in rows {
            var differences: [Difference] = []
            let ours = Self.parse(row)
            switch ours {
            case .failure(let error):
                differences.append(Difference(field: "status", expected: "ok", actual: error.identifier))
            case .success(let number):
                let international = number.formatted(.international)
                let national = number.formatted(.national)
                let rfc3966 = number.formatted(.rfc3966)
                Self.compare("international", row.international, international, into: &differences)
                Self.compare("national", row.national, national, into: &differences)
                Self.compare("rfc3966", row.rfc3966, rfc3966, into: &differences)
            }
            if differences.isEmpty {
                agreed += 1
                continue
            }
            // Rows the parser answers differently on purpose: no number of ours to format (the
            // byte bound), or another number (its E.164 reads back as itself).
            switch Self.deliberateDifference(row, ours: ours) {
            case .byteBound:
                byteBound.append(row.line)
                continue
            case .readBack:
                readBack.append(row.line)
                continue
            default: break
            }
            for difference in differences {
                fieldCounts[difference.field, default: 0] += 1
            }
            undocumented.append((row, differences))
        }
        print("[conformance]   formatting, deliberate (input bound in bytes): lines \(byteBound)")
        print("[conformance]   formatting, deliberate (E.164 reads back as itself): lines \(readBack)")
        _ = Self.report(
            "formatting", agreed: agreed, total: rows.count, fieldCounts: fieldCounts,
            examples: Array(undocumented.prefix(Self.reportLimit)))
        #expect(
            undocumented.isEmpty, "\(undocumented.count) rows format differently without a documented reason")
        #expect(
            byteBound.count == Self.expectedDeliberate[.byteBound],
            "rows not parsed because of the byte bound: lines \(byteBound)")
        #expect(
            readBack.count == Self.expectedDeliberate[.readBack],
            "rows whose E.164 reads back as itself: lines \(readBack)")
    }

    @Test("Every parsed row's E.164 reads back as itself, with the same region and type")
    func e164ReadsBack() throws {
        let rows = try ConformanceRow.load()
        var parsed = 0
        var failures: [String] = []
        for row in rows {
            guard case .success(let number) = Self.parse(row) else { continue }
            parsed += 1
            let again = Result { () throws(PhoneNumberParseError) in try PhoneNumber(parsing: number.e164) }
            guard case .success(let read) = again, read.e164 == number.e164, read.type == number.type,
                read.regionCode == number.regionCode
            else {
                if failures.count < Self.reportLimit {
                    failures.append("\(row): \(number.e164) reads back as \(again)")
                }
                continue
            }
        }
        print("[conformance] E.164 read back: \(parsed - failures.count)/\(parsed) parsed rows")
        #expect(parsed >= 31_000)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
