import PhoneNumbers
import Testing

/// One separator rule for every parsing step: viability, extension labels, second-number cuts and
/// vanity letters all see a thin space as they see a space.
@Suite("Separators")
struct SeparatorTests {
    /// Every scalar of the space class and of the dash class, found by asking the public rule
    /// about every Unicode scalar (so a scalar the rule adds or drops is tested automatically).
    static let classes: (spaces: [Unicode.Scalar], dashes: [Unicode.Scalar]) = {
        var spaces: [Unicode.Scalar] = []
        var dashes: [Unicode.Scalar] = []
        for value in UInt32(0)...0x10_FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            switch DigitFolding.separatorClass(of: scalar) {
            case " ": spaces.append(scalar)
            case "-": dashes.append(scalar)
            default: break
            }
        }
        return (spaces, dashes)
    }()

    /// The answer compared by the property: the number (all fields, extension included) or the
    /// error's identifier.
    static func answer(_ input: String, _ region: String?) -> String {
        do throws(PhoneNumberParseError) {
            let n = try PhoneNumber(parsing: input, region: region)
            return "\(n.e164) ext=\(n.extension ?? "-") \(n.regionCode ?? "-") \(n.type) \(n.isPossible)"
        } catch {
            return "error \(error.identifier)"
        }
    }

    @Test("The classes hold the separators people paste, and no line break")
    func classMembers() {
        let spaces = Set(Self.classes.spaces.map(\.value))
        let dashes = Set(Self.classes.dashes.map(\.value))
        for s: UInt32 in [0x20, 0x09, 0xA0, 0x2007, 0x2009, 0x202F, 0x3000, 0x200B, 0x2060] {
            #expect(spaces.contains(s), "U+\(String(s, radix: 16)) is a space")
        }
        for d: UInt32 in [0x2D, 0xAD, 0x2010, 0x2011, 0x2013, 0x2014, 0x2212, 0xFF0D] {
            #expect(dashes.contains(d), "U+\(String(d, radix: 16)) is a dash")
        }
        for lineBreak: UInt32 in [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029] {
            #expect(!spaces.contains(lineBreak) && !dashes.contains(lineBreak))
        }
        #expect(spaces.isDisjoint(with: dashes))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let input: String
        let region: String?
        /// The same number written with ASCII spaces: the answer must be the same.
        let plain: String
        let e164: String
        let `extension`: String?
        var testDescription: String { input.debugDescription }
    }

    @Test(
        "An extension label after any space is an extension, never vanity letters",
        arguments: [
            Case(
                input: "+49 30 123456\u{2009}ext\u{2009}7", region: nil, plain: "+49 30 123456 ext 7",
                e164: "+4930123456", extension: "7"),
            Case(
                input: "+49 30 123456\u{202F}ext.\u{202F}7", region: nil, plain: "+49 30 123456 ext. 7",
                e164: "+4930123456", extension: "7"),
            Case(
                input: "+49\u{2007}30\u{2007}123456\u{2007}x\u{2007}7", region: nil,
                plain: "+49 30 123456 x 7", e164: "+4930123456", extension: "7"),
            Case(
                input: "+1 201 555 0123\u{3000}extension\u{3000}42", region: nil,
                plain: "+1 201 555 0123 extension 42", e164: "+12015550123", extension: "42"),
            Case(
                input: "(201) 555-0123\u{2009}anexo\u{2009}42", region: "US",
                plain: "(201) 555-0123 anexo 42",
                e164: "+12015550123", extension: "42"),
            Case(
                input: "+1 201 555 0123\u{2009}#\u{2009}42", region: nil, plain: "+1 201 555 0123 # 42",
                e164: "+12015550123", extension: "42"),
            Case(
                input: "+1 201 555 0123\u{2009}ext\u{2011}42", region: nil, plain: "+1 201 555 0123 ext-42",
                e164: "+12015550123", extension: "42"),
        ])
    func extensionAfterAnySpace(_ c: Case) throws {
        let number = try PhoneNumber(parsing: c.input, region: c.region)
        #expect(number.e164 == c.e164)
        #expect(number.extension == c.extension)
        #expect(Self.answer(c.input, c.region) == Self.answer(c.plain, c.region))
    }

    @Test("A label after a thin space does not make a different valid number in another region")
    func kittsAndNevis() {
        // `50023 EXT 69` with region KN: 50023 is too short for +1 869; read as vanity letters
        // the label once gave a valid +1 number that was never written.
        #expect(
            Self.answer("50023\u{2009}EXT\u{2009}69", "KN") == Self.answer("50023 EXT 69", "KN"))
        #expect(Self.answer("50023\u{2009}EXT\u{2009}69", "KN").hasPrefix("+1869") == false)
    }

    @Test("A second number after a slash and any space is cut off")
    func secondNumber() {
        #expect(
            Self.answer("+44 20 7946 0958 /\u{2009}x 0959", nil)
                == Self.answer("+44 20 7946 0958 / x 0959", nil))
        #expect(Self.answer("+44 20 7946 0958 /\u{2009}x 0959", nil).hasPrefix("+442079460958"))
    }

    @Test("Vanity letters are read only where three letters and no extension label are present")
    func vanity() throws {
        for space in Self.classes.spaces {
            let input = "1\(space)800\(space)FLOWERS"
            #expect(
                try PhoneNumber(parsing: input, region: "US").e164 == "+18003569377",
                "\(input.debugDescription)")
        }
        // Two letters are dropped, not read as digits.
        #expect(Self.answer("+1 201 555 01AB", nil) == Self.answer("+1 201 555 01", nil))
    }

    /// Inputs with separators for the property: a space or dash between groups, around a label,
    /// before a second number, in front of and behind the number.
    static let propertyInputs: [(String, String?)] = [
        ("+49 30 123456 ext 7", nil), ("+49 30 123456 ext. 7", nil), ("+49 30 123456 x 7", nil),
        ("+49 30 123456 extension: 7", nil), ("+1 201 555 0123 # 42", nil), ("+1 201-555-0123 ext-42", nil),
        ("50023 EXT 69", "KN"), ("(201) 555-0123 anexo 42", "US"), ("1 800 FLOWERS", "US"),
        ("1-800-FLOWERS", "US"), ("020 7946 0958", "GB"), ("+44 (0) 20 7946-0958", nil),
        ("+44 20 7946 0958 / x 0959", nil), ("00 49 30 123456 - 7#", "DE"), ("+1 201 555 0123 ,, 42", nil),
        ("+1 201 555 0123 ; 42", nil), ("  +33 1 23 45 67 89  ", nil), ("+33 1-23-45-67-89 int 5", nil),
        ("tel:+1-201-555-0123;ext=42", nil), ("8 800 555-35-35", "RU"), ("+7 - 800 - 555 - 35 - 35", nil),
        ("+39 06 1234 5678 доб 12", nil), ("12 34", "DE"), ("1 - 2", "US"),
    ]

    @Test("Replacing any space by any other space, or any dash by any other dash, never changes the answer")
    func property() {
        let (spaces, dashes) = Self.classes
        // A fixed-seed generator: the same replacements every run, all members reached.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var checked = 0
        for (input, region) in Self.propertyInputs {
            let expected = Self.answer(input, region)
            // Every member once at every separator position, then random mixtures.
            for round in 0..<(spaces.count + dashes.count + 64) {
                var scalars = String.UnicodeScalarView()
                for scalar in input.unicodeScalars {
                    switch DigitFolding.separatorClass(of: scalar) {
                    case " ":
                        scalars.append(round < spaces.count ? spaces[round] : spaces[next(spaces.count)])
                    case "-":
                        let k = round - spaces.count
                        scalars.append(k >= 0 && k < dashes.count ? dashes[k] : dashes[next(dashes.count)])
                    default:
                        scalars.append(scalar)
                    }
                }
                let variant = String(scalars)
                #expect(
                    Self.answer(variant, region) == expected,
                    "\(variant.unicodeScalars.map { String($0.value, radix: 16) }) vs \(input.debugDescription)"
                )
                checked += 1
            }
        }
        #expect(checked > 1_000)
    }
}
