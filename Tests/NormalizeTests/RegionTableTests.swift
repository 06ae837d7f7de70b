import PhoneNumbers
import Testing

@testable import NormalizeCore

@Suite("regions")
struct RegionTableTests {
    let table = RegionTable(plan: .bundled)

    static let optionCases: [(String, String?, [String])] = [
        ("US", "US", []), ("gb", "GB", []), ("UK", "GB", []), ("uk", "GB", []), ("EL", "GR", []),
        (" de ", "DE", []), ("USA", nil, ["US"]), ("GBR", nil, ["GB"]), ("Germany", nil, []), ("", nil, []),
        ("XX", nil, ["XK", "AX", "CX"]),
    ]

    @Test(
        "--region reads codes as region cells do (either case, spaces, UK and EL) and suggests the right code",
        arguments: optionCases)
    func option(_ given: String, _ code: String?, _ suggestions: [String]) {
        switch table.resolve(option: given) {
        case .success(let resolved):
            #expect(resolved == code)
        case .failure(let error):
            #expect(code == nil)
            #expect(error.suggestions == suggestions)
        }
    }

    @Test("every plan region resolves to itself")
    func everyRegion() {
        let codes = NumberingPlan.bundled.regionCodes.filter { $0.utf8.count == 2 }
        #expect(codes.count > 200)
        for code in codes {
            #expect(table.code(exactly: code) == code)
        }
    }

    static let cellCases: [(String, RegionTable.Lookup)] = [
        ("", .absent), ("  ", .absent), ("US", .known("US")), (" de ", .known("DE")), ("uk", .known("GB")),
        ("El", .known("GR")), ("XX", .unknown), ("USA", .unknown), ("1", .unknown), ("U", .unknown),
    ]

    @Test("region cells: spaces and case ignored, UK and EL accepted", arguments: cellCases)
    func cell(_ text: String, _ expected: RegionTable.Lookup) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { table.lookup($0) } == expected)
        // One rule: --region accepts exactly the cells that name a region, as the same region.
        if case .known(let code) = expected {
            #expect((try? table.resolve(option: text).get()) == code)
        } else {
            #expect((try? table.resolve(option: text).get()) == nil)
        }
    }

    @Test("region cells follow RegionCode's rule for every short ASCII text")
    func sameRuleAsRegionCode() {
        let pieces: [UInt8] = [
            0x20, 0x31, 0x41, 0x42, 0x45, 0x4B, 0x4C, 0x55, 0x5A, 0x61, 0x62, 0x6B, 0x75, 0x7A,
        ]
        var texts: [[UInt8]] = [[]]
        for _ in 0..<3 { texts += texts.flatMap { text in pieces.map { text + [$0] } } }
        for text in texts {
            let cell = text.withUnsafeBufferPointer { table.lookup($0) }
            let region = text.withUnsafeBufferPointer { RegionCode(utf8: $0)?.code }
            switch cell {
            case .absent: #expect(text.allSatisfy { $0 == 0x20 })
            case .known(let code): #expect(region == code)
            case .unknown: #expect(region == nil)
            }
        }
    }

    @Test("stat slots round-trip", arguments: ["US", "GB", "ZW", "001"])
    func slots(_ code: String) {
        #expect(RegionTable.name(ofSlot: RegionTable.slot(of: code)) == code)
    }

    @Test("reasons from the parser keep the parser's identifiers")
    func parserIdentifiers() {
        let errors: [PhoneNumberParseError] = [
            .inputTooLong(byteCount: 300), .notANumber, .missingRegion, .unknownRegion("XX"),
            .invalidCountryCode,
            .tooShortAfterInternationalPrefix, .tooShortNationalNumber, .tooLong,
        ]
        for error in errors {
            #expect(RowReason(error).identifier.description == error.identifier)
            #expect(!RowReason(error).isMalformed)
        }
        let identifiers = RowReason.allCases.map { $0.identifier.description }
        #expect(Set(identifiers).count == identifiers.count)
    }

    @Test(arguments: [
        ("phone", ColumnSelector.name("phone")), ("3", .index(3)), ("0", .index(0)), ("3a", .name("3a")),
    ])
    func columnSelector(_ text: String, _ expected: ColumnSelector) {
        #expect(ColumnSelector(argument: text) == expected)
    }
}
