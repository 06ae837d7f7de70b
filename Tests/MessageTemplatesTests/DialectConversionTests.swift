import MessageTemplates
import Testing

struct EscapeCase: Sendable, CustomTestStringConvertible {
    let dialect: TemplateDialect
    let segments: [TemplateSegment]
    let source: String
    var testDescription: String { "\(dialect): \(source.debugDescription)" }
}

struct DialectPair: Sendable, CustomTestStringConvertible {
    let from: TemplateDialect
    let to: TemplateDialect
    var testDescription: String { "\(from) → \(to)" }
}

@Suite("Dialects and conversion")
struct DialectConversionTests {
    @Test("converts the stored angle template into exactly Veratad's message text")
    func angleToVeratad() throws {
        let converted = try TemplateDialect.convert(
            "Hello <fn>, your one-time password is <pin>", from: .angle, to: .singleBrace)
        #expect(converted == "Hello {fn}, your one-time password is {pin}")
    }

    @Test("renames placeholders while converting")
    func renames() throws {
        let converted = try TemplateDialect.convert(
            "Hi {{first_name}}, your code is {{code}}", from: .doubleBrace, to: .singleBrace,
            renaming: ["first_name": "fn", "code": "pin"])
        #expect(converted == "Hi {fn}, your code is {pin}")
        _ = try CompiledTemplate(converted, schema: .fourSlots)

        let template = try CompiledTemplate("${code} / ${code2}", dialect: .dollarBrace)
        let merged = try template.renamed(["code": "pin", "code2": "pin"])
        #expect(merged.slotNames == ["pin"])
        #expect(merged.source(in: .doubleDollar) == "$$pin$$ / $$pin$$")
    }

    @Test("a name without a mapping is a typed error")
    func unmappedName() throws {
        #expect(throws: TemplateConversionError.unmappedName("last_name")) {
            try TemplateDialect.convert(
                "{first_name} {last_name}", from: .singleBrace, to: .angle, renaming: ["first_name": "fn"])
        }
        #expect(throws: TemplateConversionError.invalidMappedName(source: "code", target: "p i n")) {
            try CompiledTemplate("{code}").renamed(["code": "p i n"])
        }
        #expect(
            throws: TemplateConversionError.invalidSource(
                .strayClosingDelimiter(at: TemplateLocation(offset: 1, line: 1, column: 2)))
        ) {
            try TemplateDialect.convert("a>", from: .angle, to: .singleBrace)
        }
    }

    static let escapeCases: [EscapeCase] = {
        let segments: [TemplateSegment] = [
            .literal("{x} <y> ${z} $$w$$ {{v}} $"), .placeholder("code"), .literal("}{"),
        ]
        return [
            EscapeCase(
                dialect: .singleBrace, segments: segments,
                source: "{{x}} <y> ${{z}} $$w$$ {{{{v}}}} ${code}}}{{"),
            EscapeCase(dialect: .angle, segments: segments, source: "{x} <<y>> ${z} $$w$$ {{v}} $<code>}{"),
            EscapeCase(
                dialect: .doubleBrace, segments: segments, source: "{x} <y> ${z} $$w$$ {{{{v}}}} ${{code}}}{"),
            EscapeCase(
                dialect: .dollarBrace, segments: segments, source: "{x} <y> $${z} $$$$w$$$$ {{v}} $$${code}}{"
            ),
            EscapeCase(
                dialect: .doubleDollar, segments: segments, source: "{x} <y> ${z} $$$$w$$$$ {{v}} $$$code$$}{"
            ),
        ]
    }()

    @Test("escapes literal delimiters for each dialect", arguments: escapeCases)
    func escapes(_ c: EscapeCase) throws {
        #expect(c.dialect.source(for: c.segments) == c.source)
        #expect(try TemplateParser.parse(c.source, dialect: c.dialect) == c.segments)
    }

    static let pairs: [DialectPair] = TemplateDialect.allCases.flatMap { from in
        TemplateDialect.allCases.map { DialectPair(from: from, to: $0) }
    }

    @Test("random templates survive conversion between every pair of dialects", arguments: pairs)
    func roundTrip(_ pair: DialectPair) throws {
        var rng = SplitMix64(seed: 0xD1A1_7013 &+ UInt64(pair.testDescription.utf8.count) &* 31)
        for _ in 0..<300 {
            let segments = randomSegments(&rng)
            let sourceText = pair.from.source(for: segments)
            let template = try CompiledTemplate(sourceText, dialect: pair.from)
            #expect(template.segments == segments, "parse \(sourceText.debugDescription)")
            let converted = template.source(in: pair.to)
            let back = try CompiledTemplate(converted, dialect: pair.to)
            #expect(
                back.segments == segments, "\(sourceText.debugDescription) → \(converted.debugDescription)")
            #expect(try TemplateDialect.convert(sourceText, from: pair.from, to: pair.to) == converted)
        }
    }

    @Test("dialect delimiters and identifiers", arguments: TemplateDialect.allCases)
    func delimiters(_ dialect: TemplateDialect) {
        let expected: [TemplateDialect: String] = [
            .singleBrace: "{pin}", .angle: "<pin>", .doubleBrace: "{{pin}}", .dollarBrace: "${pin}",
            .doubleDollar: "$$pin$$",
        ]
        #expect(dialect.placeholder("pin") == expected[dialect])
        #expect(TemplateDialect(rawValue: dialect.description) == dialect)
    }
}
