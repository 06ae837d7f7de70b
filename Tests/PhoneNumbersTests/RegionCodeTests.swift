import PhoneNumbers
import Testing

@Suite("RegionCode: the one rule for region codes users type")
struct RegionCodeTests {
    @Test(
        "spaces around, either case, UK and EL; the plan must know the region",
        arguments: [
            ("GB", "GB"), ("gb", "GB"), (" de ", "DE"), ("UK", "GB"), ("uk", "GB"), ("El", "GR"),
            ("XX", nil), ("ZZ", nil), ("USA", nil), ("", nil), ("  ", nil), ("G B", nil), ("001", nil),
            ("\u{00A0}GB", nil), ("Ｇ Ｂ", nil),
        ] as [(String, String?)])
    func reading(_ text: String, _ expected: String?) {
        #expect(RegionCode(text)?.code == expected)
        let fromBytes = Array(text.utf8).withUnsafeBufferPointer { RegionCode(utf8: $0)?.code }
        #expect(fromBytes == expected)
    }

    @Test("canonical applies the rule without the plan")
    func canonical() {
        #expect(RegionCode.canonical(" uk") == "GB")
        #expect(RegionCode.canonical("aq") == "AQ")
        #expect(RegionCode.canonical("el ") == "GR")
        #expect(RegionCode.canonical("G B") == nil)
        #expect(RegionCode.canonical("1A") == nil)
    }

    @Test("every region of the plan reads as itself, in either case")
    func everyRegion() {
        let codes = NumberingPlan.bundled.regionCodes.filter { $0.utf8.count == 2 }
        #expect(codes.count > 200)
        for code in codes {
            #expect(RegionCode(code)?.code == code)
            #expect(RegionCode(code.lowercased())?.code == code)
        }
    }

    @Test("the aliases table is the rule's, and no alias is itself a region of the plan")
    func aliases() {
        for (alias, code) in RegionCode.aliases {
            #expect(RegionCode.canonical(alias) == code)
            #expect(RegionCode(alias)?.code == code)
            #expect(!NumberingPlan.bundled.isKnownRegion(alias))
        }
        // Every other pair of letters is itself.
        for a in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            for b in UInt8(ascii: "A")...UInt8(ascii: "Z") {
                let text = String(decoding: [a, b], as: UTF8.self)
                if RegionCode.aliases.contains(where: { $0.alias == text }) { continue }
                #expect(RegionCode.canonical(text) == text)
            }
        }
    }

    @Test("the parser keeps libphonenumber's reading: an alias is an unknown region there")
    func parserHasNoAliases() throws {
        #expect(throws: PhoneNumberParseError.unknownRegion("UK")) {
            try PhoneNumber(parsing: "020 7946 0958", region: "UK")
        }
        let number = try PhoneNumber(parsing: "020 7946 0958", region: RegionCode("UK")?.code)
        #expect(number.e164 == "+442079460958")
    }
}
