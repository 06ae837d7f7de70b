import PhoneNumberMetadata
import Testing

@Suite("Numbering plan")
struct NumberingPlanTests {
    let plan = NumberingPlan.bundled

    @Test("The image is the pinned metadata, whole")
    func image() {
        #expect(plan.image.hasValidMagic(count: plan.byteCount))
        #expect(plan.sourceDescription == "phonenumbers 9.0.43")
        #expect(plan.regionCodes.count == 245)
        #expect(plan.recordCount == 245 + 9)
        #expect(plan.callingCodes.count == 215)
        // The tables stay well inside the 1 MB budget.
        #expect(plan.byteCount < 1_000_000)
    }

    @Test(
        "Shared calling codes list the main region first",
        arguments: [
            (1, "US", 25), (44, "GB", 4), (7, "RU", 2), (39, "IT", 2), (800, "001", 1), (979, "001", 1),
        ])
    func sharedCodes(code: Int, main: String, count: Int) {
        let regions = plan.regions(forCallingCode: code)
        #expect(regions.first == main)
        #expect(regions.count == count)
    }

    @Test(
        "Region codes resolve to calling codes, in either case",
        arguments: [("GB", 44), ("gb", 44), ("US", 1), ("KZ", 7), ("VA", 39), ("AC", 247)])
    func callingCodes(region: String, code: Int) {
        #expect(plan.callingCode(forRegion: region) == code)
        #expect(plan.isKnownRegion(region))
    }

    @Test("Unknown region codes are unknown", arguments: ["UK", "ZZ", "001", "", "G", "GBR", "1A"])
    func unknown(region: String) {
        #expect(plan.callingCode(forRegion: region) == nil)
        #expect(!plan.isKnownRegion(region))
    }

    @Test(
        "Every non-geographic calling code is present",
        arguments: [800, 808, 870, 878, 881, 882, 883, 888, 979])
    func nonGeographic(code: Int) {
        #expect(plan.regions(forCallingCode: code) == ["001"])
    }

    @Test("Type automata answer with one walk")
    func automaton() throws {
        let record = try #require(plan.record(forRegion: "GB"))
        let digits: [UInt8] = [2, 0, 7, 9, 4, 6, 0, 9, 5, 8]
        let tags = digits.withUnsafeBufferPointer { record.typeAutomaton.tags($0) }
        #expect(tags & 1 != 0, "general description")
        #expect(tags >> Int(PlanDescription.fixedLine.rawValue) & 1 != 0)
        #expect(tags >> Int(PlanDescription.mobile.rawValue) & 1 == 0)
        let none = [UInt8](repeating: 9, count: 4).withUnsafeBufferPointer { record.typeAutomaton.tags($0) }
        #expect(none == 0)
    }

    @Test("Digit programs follow regex priorities: greedy groups, first alternative")
    func program() throws {
        let record = try #require(plan.record(forRegion: "AR"))
        let npp = try #require(record.nationalPrefixForParsing)
        // 0 11 15 2345 6789 → the prefix "0", area code 11 in group 1, and "15" consumed.
        let digits: [UInt8] = [0, 1, 1, 1, 5, 2, 3, 4, 5, 6, 7, 8, 9]
        var captures = [Int16](repeating: 0, count: DigitProgram.slotCount)
        let end = digits.withUnsafeBufferPointer { d in
            captures.withUnsafeMutableBufferPointer { npp.match(d, captures: $0) }
        }
        #expect(end == 5)
        #expect(captures[2] == 1 && captures[3] == 3)
    }
}
