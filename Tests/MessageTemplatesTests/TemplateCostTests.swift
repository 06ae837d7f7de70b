import MessageTemplates
import Testing

struct CostCase: Sendable, CustomTestStringConvertible {
    let label: String
    let template: String
    let limits: [String: SlotLimit]
    let worst: SMSEstimate
    let gsm7: SMSEstimate?
    let ucs2: SMSEstimate?
    var testDescription: String { label }
}

private let veratad = "Hello {fn}, your one-time password is {pin}"
private func rep(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

@Suite("Worst-case template cost")
struct TemplateCostTests {
    static let cases: [CostCase] = [
        CostCase(
            label: "PhoneMatch, GSM-7 first name", template: veratad,
            limits: ["fn": .gsm7Basic(20), "pin": .digits(6)],
            worst: SMSEstimate(encoding: .gsm7, maximumUnits: 60, segments: 1),
            gsm7: SMSEstimate(encoding: .gsm7, maximumUnits: 60, segments: 1), ucs2: nil),
        CostCase(
            label: "PhoneMatch, GSM-7 with extension", template: veratad,
            limits: ["fn": .gsm7(20), "pin": .digits(6)],
            worst: SMSEstimate(encoding: .gsm7, maximumUnits: 80, segments: 1),
            gsm7: SMSEstimate(encoding: .gsm7, maximumUnits: 80, segments: 1), ucs2: nil),
        CostCase(
            label: "PhoneMatch, any first name (Łukasz)", template: veratad,
            limits: ["fn": .unicode(20), "pin": .digits(6)],
            worst: SMSEstimate(encoding: .ucs2, maximumUnits: 80, segments: 2),
            gsm7: SMSEstimate(encoding: .gsm7, maximumUnits: 80, segments: 1),
            ucs2: SMSEstimate(encoding: .ucs2, maximumUnits: 80, segments: 2)),
        CostCase(
            label: "literal forces UCS-2", template: "Код {pin}", limits: ["pin": .digits(6)],
            worst: SMSEstimate(encoding: .ucs2, maximumUnits: 10, segments: 1), gsm7: nil,
            ucs2: SMSEstimate(encoding: .ucs2, maximumUnits: 10, segments: 1)),
        CostCase(
            label: "extension pair can straddle: 152 + v + 152",
            template: rep("x", 152) + "{v}" + rep("y", 152),
            limits: ["v": .gsm7(1)], worst: SMSEstimate(encoding: .gsm7, maximumUnits: 306, segments: 3),
            gsm7: SMSEstimate(encoding: .gsm7, maximumUnits: 306, segments: 3), ucs2: nil),
        CostCase(
            label: "basic value cannot: 152 + v + 152", template: rep("x", 152) + "{v}" + rep("y", 152),
            limits: ["v": .gsm7Basic(1)], worst: SMSEstimate(encoding: .gsm7, maximumUnits: 305, segments: 2),
            gsm7: SMSEstimate(encoding: .gsm7, maximumUnits: 305, segments: 2), ucs2: nil),
        CostCase(
            label: "surrogate pair can straddle: 66 + v + 66", template: rep("ж", 66) + "{v}" + rep("ж", 66),
            limits: ["v": .unicode(1)], worst: SMSEstimate(encoding: .ucs2, maximumUnits: 134, segments: 3),
            gsm7: nil,
            ucs2: SMSEstimate(encoding: .ucs2, maximumUnits: 134, segments: 3)),
        CostCase(
            label: "empty value allowed", template: "{a}", limits: ["a": .unicode(0)],
            worst: SMSEstimate(encoding: .gsm7, maximumUnits: 0, segments: 1),
            gsm7: SMSEstimate(encoding: .gsm7, maximumUnits: 0, segments: 1), ucs2: nil),
    ]

    @Test("worst case per encoding", arguments: cases)
    func worstCase(_ c: CostCase) throws {
        let cost = try CompiledTemplate(c.template).worstCaseCost(c.limits)
        #expect(cost.worstCase == c.worst)
        #expect(cost.gsm7 == c.gsm7)
        #expect(cost.ucs2 == c.ucs2)
    }

    @Test("explains what can force UCS-2")
    func causes() throws {
        let cost = try CompiledTemplate("Код {pin}, {fn}").worstCaseCost([
            "pin": .digits(6), "fn": .unicode(3),
        ])
        #expect(cost.literalNonGSMCharacters == ["К", "о", "д"])
        #expect(cost.ucs2Slots == ["fn"])
    }

    @Test("typed errors for missing or out-of-range limits")
    func errors() throws {
        let template = try CompiledTemplate(veratad, schema: .fourSlots)
        #expect(throws: TemplateCostError.missingLimit(name: "pin")) {
            try template.worstCaseCost(["fn": .gsm7(20)])
        }
        #expect(throws: TemplateCostError.maximumLengthOutOfRange(name: "fn", maximumLength: -1, limit: 4096))
        {
            try template.worstCaseCost(["fn": .gsm7(-1), "pin": .digits(6)])
        }
        // Slots the text does not use need no limit.
        #expect(try template.worstCaseCost(["fn": .gsm7(1), "pin": .digits(1)]).worstCase.segments == 1)
        #expect(TemplateCostError.missingLimit(name: "pin").identifier == "missing_limit")
        #expect(
            TemplateCostError.maximumLengthOutOfRange(name: "fn", maximumLength: -1, limit: 4096).identifier
                == "maximum_length_out_of_range")
    }

    struct ExhaustiveCase: Sendable, CustomTestStringConvertible {
        let prefix: Int
        let middle: Int
        let suffix: Int
        let ucs2Literal: Bool
        let a: SlotLimit
        let b: SlotLimit
        var testDescription: String {
            "\(prefix)/\(middle)/\(suffix) \(ucs2Literal) \(a.alphabet) \(b.alphabet)"
        }
    }

    static let exhaustive: [ExhaustiveCase] = [
        ExhaustiveCase(
            prefix: 150, middle: 0, suffix: 148, ucs2Literal: false, a: .gsm7(3), b: .gsm7Basic(2)),
        ExhaustiveCase(prefix: 151, middle: 1, suffix: 150, ucs2Literal: false, a: .gsm7(2), b: .gsm7(2)),
        ExhaustiveCase(prefix: 157, middle: 0, suffix: 0, ucs2Literal: false, a: .unicode(2), b: .gsm7(1)),
        ExhaustiveCase(prefix: 64, middle: 1, suffix: 63, ucs2Literal: true, a: .unicode(2), b: .gsm7(2)),
        ExhaustiveCase(prefix: 60, middle: 3, suffix: 0, ucs2Literal: false, a: .unicode(3), b: .unicode(2)),
        ExhaustiveCase(prefix: 133, middle: 0, suffix: 0, ucs2Literal: true, a: .unicode(1), b: .digits(2)),
    ]

    /// All values of length 0...max over one character per kind of cost.
    private static func allValues(_ limit: SlotLimit) -> [String] {
        let alphabet: [String] =
            switch limit.alphabet {
            case .gsm7Basic: ["a"]
            case .gsm7: ["a", "€"]
            case .unicode: ["a", "€", "ж", "😀"]
            }
        var result = [""]
        var layer = [""]
        for _ in 0..<limit.maximumLength {
            layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
            result += layer
        }
        return result
    }

    @Test("the worst case is the maximum over every rendering (exhaustive)", arguments: exhaustive)
    func exhaustiveMaximum(_ c: ExhaustiveCase) throws {
        let letter = c.ucs2Literal ? "ж" : "x"
        let text = rep(letter, c.prefix) + "{a}" + rep("y", c.middle) + "{b}" + rep("z", c.suffix)
        let template = try CompiledTemplate(text)
        let cost = try template.worstCaseCost(["a": c.a, "b": c.b])
        var maximumSegments: [SMSEncoding: Int] = [:]
        var maximumUnits: [SMSEncoding: Int] = [:]
        for a in Self.allValues(c.a) {
            for b in Self.allValues(c.b) {
                let analysis = SMSAnalysis(try template.render(["a": a, "b": b]))
                maximumSegments[analysis.encoding] = max(
                    maximumSegments[analysis.encoding] ?? 0, analysis.segments)
                maximumUnits[analysis.encoding] = max(maximumUnits[analysis.encoding] ?? 0, analysis.units)
            }
        }
        #expect(cost.gsm7?.segments == maximumSegments[.gsm7])
        #expect(cost.gsm7?.maximumUnits == maximumUnits[.gsm7])
        #expect(cost.ucs2?.segments == maximumSegments[.ucs2])
        #expect(cost.ucs2?.maximumUnits == maximumUnits[.ucs2])
        #expect(cost.worstCase.segments == maximumSegments.values.max())
    }

    @Test("random renderings never exceed the worst case", arguments: 0..<3)
    func randomBound(_ seed: Int) throws {
        var rng = SplitMix64(seed: 0xC057 + UInt64(seed))
        let characters: [ValueAlphabet: [String]] = [
            .gsm7Basic: ["a", "1", "Ä"], .gsm7: ["a", "€", "^"], .unicode: ["a", "€", "ж", "😀"],
        ]
        for _ in 0..<150 {
            let prefix = Int.random(in: 0...320, using: &rng)
            let text = rep(Bool.random(using: &rng) ? "x" : "ж", prefix) + "{v}!{w}"
            let template = try CompiledTemplate(text)
            let v = SlotLimit(
                maximumLength: Int.random(in: 0...30, using: &rng), alphabet: rng.pick(ValueAlphabet.allCases)
            )
            let w = SlotLimit(
                maximumLength: Int.random(in: 0...30, using: &rng), alphabet: rng.pick(ValueAlphabet.allCases)
            )
            let cost = try template.worstCaseCost(["v": v, "w": w])
            for _ in 0..<10 {
                func value(_ limit: SlotLimit) -> String {
                    let pool = characters[limit.alphabet] ?? ["a"]
                    return (0..<Int.random(in: 0...limit.maximumLength, using: &rng)).map { _ in
                        rng.pick(pool)
                    }
                    .joined()
                }
                let analysis = SMSAnalysis(try template.render(["v": value(v), "w": value(w)]))
                #expect(analysis.segments <= cost.worstCase.segments)
            }
        }
    }
}
