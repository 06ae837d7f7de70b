import PhoneNumbers
import Testing

/// Random text and bytes never trap or hang the parser, and whatever parses formats and re-parses.
@Suite("Robustness")
struct RobustnessTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Scalars that exercise every rule: digits of several scripts, plus signs, separators,
    /// extension labels, RFC 3966 pieces, letters, and arbitrary code points.
    static let alphabet: [Unicode.Scalar] = Array(
        "0123456789+＋ -().#;,=x*~/\\:tel;ext=phone-context=isub=ABCXYZabc٠١٢٣٤٥٦٧٨٩०१२३४५٦७८९０１２３４５６７８９ｘ＃доб\u{00A0}\u{2013}\u{2009}\u{0301}☎"
            .unicodeScalars)

    static let regions: [String?] = [nil, "US", "GB", "AR", "MX", "IT", "RU", "BR", "JP", "DE", "ZZ", "gb"]

    @Test("Random Unicode text never traps, and every parsed number survives E.164 and back")
    func randomText() throws {
        var rng = SplitMix(state: 0xD1A1_70E5)
        for _ in 0..<20_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                if Int.random(in: 0..<10, using: &rng) == 0 {
                    let value = UInt32.random(in: 0...0x10FFFF, using: &rng)
                    text.append(Unicode.Scalar(value) ?? "?")
                } else {
                    text.append(Self.alphabet.randomElement(using: &rng) ?? "0")
                }
            }
            let region = Self.regions.randomElement(using: &rng) ?? nil
            try checkInvariants(String(text), region: region)
        }
    }

    @Test("Random bytes never trap")
    func randomBytes() throws {
        var rng = SplitMix(state: 42)
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in
                Int.random(in: 0..<4, using: &rng) == 0
                    ? UInt8.random(in: 0...255, using: &rng)
                    : UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &rng)
            }
            let region = Self.regions.randomElement(using: &rng) ?? nil
            _ = try? bytes.withUnsafeBufferPointer { try PhoneNumber(parsingUTF8: $0, region: region) }
        }
    }

    @Test("Mutated real numbers keep the E.164 round trip")
    func mutatedNumbers() throws {
        var rng = SplitMix(state: 7)
        let seeds = [
            "+442079460958", "+12015550123", "+390669821234", "+5491123456789", "+79123456789",
            "011 15 2345-6789", "(201) 555-0123", "+44 20 7946 0958 ext. 123", "tel:+1-201-555-0123;ext=9",
        ]
        for _ in 0..<20_000 {
            var scalars = Array((seeds.randomElement(using: &rng) ?? "").unicodeScalars)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0...scalars.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: scalars.insert(Self.alphabet.randomElement(using: &rng) ?? "0", at: i)
                case 1: if i < scalars.count { scalars.remove(at: i) }
                default: if i < scalars.count { scalars[i] = Self.alphabet.randomElement(using: &rng) ?? "0" }
                }
            }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            try checkInvariants(String(text), region: Self.regions.randomElement(using: &rng) ?? nil)
        }
    }

    func checkInvariants(_ text: String, region: String?) throws {
        guard let number = try? PhoneNumber(parsing: text, region: region) else { return }
        for format in PhoneNumberFormat.allCases { _ = number.formatted(format) }
        // A valid number's E.164 reads back as the same number (an invalid one may not: `+44 0…`
        // loses its trunk zero, as in libphonenumber).
        guard number.isValid else { return }
        let again = try PhoneNumber(parsing: number.e164)
        #expect(again.countryCode == number.countryCode, "\(text.debugDescription)")
        #expect(
            again.nationalSignificantNumber == number.nationalSignificantNumber, "\(text.debugDescription)")
        #expect(again.regionCode == number.regionCode && again.type == number.type)
    }
}

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test("One plan shared by many tasks gives the same answers as one task")
    func sharedPlan() async throws {
        let plan = NumberingPlan.bundled
        let inputs = [
            "+442079460958", "(201) 555-0123", "011 15 2345-6789", "+7 701 123 4567", "+800 1234 5678",
        ]
        let expected = try inputs.map { try PhoneNumber(parsing: $0, region: "US", plan: plan) }
        let results = try await withThrowingTaskGroup(of: [PhoneNumber].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var out: [PhoneNumber] = []
                    for _ in 0..<500 {
                        out = try inputs.map { try PhoneNumber(parsing: $0, region: "US", plan: plan) }
                    }
                    return out
                }
            }
            var all: [[PhoneNumber]] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 8)
        for r in results { #expect(r == expected) }
    }
}
