import MessageTemplates
import Testing

private func loc(_ offset: Int, _ line: Int, _ column: Int) -> TemplateLocation {
    TemplateLocation(offset: offset, line: line, column: column)
}

struct ParseCase: Sendable, CustomTestStringConvertible {
    let dialect: TemplateDialect
    let text: String
    let segments: [TemplateSegment]
    var testDescription: String { "\(dialect): \(text.debugDescription)" }
}

struct ErrorCase: Sendable, CustomTestStringConvertible {
    let dialect: TemplateDialect
    let text: String
    let error: TemplateError
    var testDescription: String { "\(dialect): \(text.debugDescription)" }
}

private let longName = String(repeating: "a", count: 65)

@Suite("Parser: text to segments")
struct TemplateParserTests {
    static let parseCases: [ParseCase] = [
        // single brace (default)
        ParseCase(
            dialect: .singleBrace, text: "Hello {fn}, your one-time password is {pin}",
            segments: [
                .literal("Hello "), .placeholder("fn"), .literal(", your one-time password is "),
                .placeholder("pin"),
            ]),
        ParseCase(dialect: .singleBrace, text: "", segments: []),
        ParseCase(dialect: .singleBrace, text: "{{fn}}", segments: [.literal("{fn}")]),
        ParseCase(
            dialect: .singleBrace, text: "a{{{fn}}}b",
            segments: [.literal("a{"), .placeholder("fn"), .literal("}b")]),
        ParseCase(
            dialect: .singleBrace, text: "{a}{b}{a}",
            segments: [.placeholder("a"), .placeholder("b"), .placeholder("a")]),
        ParseCase(
            dialect: .singleBrace, text: "Zażółć {x_1}", segments: [.literal("Zażółć "), .placeholder("x_1")]),
        ParseCase(dialect: .singleBrace, text: "<fn> $$x$$ $y 😀", segments: [.literal("<fn> $$x$$ $y 😀")]),
        ParseCase(dialect: .singleBrace, text: "{_9}", segments: [.placeholder("_9")]),
        // angle
        ParseCase(
            dialect: .angle, text: "Hello <fn>, your one-time password is <pin>",
            segments: [
                .literal("Hello "), .placeholder("fn"), .literal(", your one-time password is "),
                .placeholder("pin"),
            ]),
        ParseCase(dialect: .angle, text: "a <<b>> c", segments: [.literal("a <b> c")]),
        ParseCase(dialect: .angle, text: "{fn}", segments: [.literal("{fn}")]),
        ParseCase(
            dialect: .angle, text: "<<<fn>>>", segments: [.literal("<"), .placeholder("fn"), .literal(">")]),
        // double brace
        ParseCase(
            dialect: .doubleBrace, text: "Your code is {{CODE}}",
            segments: [.literal("Your code is "), .placeholder("CODE")]),
        ParseCase(
            dialect: .doubleBrace, text: "{{{otp}}}",
            segments: [.literal("{"), .placeholder("otp"), .literal("}")]),
        ParseCase(dialect: .doubleBrace, text: "{{{{otp}}}}", segments: [.literal("{{otp}}")]),
        ParseCase(dialect: .doubleBrace, text: "a{b}c", segments: [.literal("a{b}c")]),
        ParseCase(dialect: .doubleBrace, text: "{x} {{y}}", segments: [.literal("{x} "), .placeholder("y")]),
        ParseCase(
            dialect: .doubleBrace, text: "{{{{{{a}}}}}}",
            segments: [.literal("{{"), .placeholder("a"), .literal("}}")]),
        ParseCase(
            dialect: .doubleBrace, text: "{{a}}{{b}}", segments: [.placeholder("a"), .placeholder("b")]),
        // dollar brace
        ParseCase(
            dialect: .dollarBrace, text: "Your ${brand_name} code: ${code}",
            segments: [
                .literal("Your "), .placeholder("brand_name"), .literal(" code: "), .placeholder("code"),
            ]),
        ParseCase(
            dialect: .dollarBrace, text: "$5 off, $$ and $${x}", segments: [.literal("$5 off, $ and ${x}")]),
        ParseCase(dialect: .dollarBrace, text: "$", segments: [.literal("$")]),
        ParseCase(dialect: .dollarBrace, text: "{a}}", segments: [.literal("{a}}")]),
        ParseCase(dialect: .dollarBrace, text: "$$${a}", segments: [.literal("$"), .placeholder("a")]),
        // double dollar
        ParseCase(
            dialect: .doubleDollar, text: "Your code is $$CODE$$",
            segments: [.literal("Your code is "), .placeholder("CODE")]),
        ParseCase(dialect: .doubleDollar, text: "$5 and $$$$", segments: [.literal("$5 and $$")]),
        ParseCase(
            dialect: .doubleDollar, text: "$$$CODE$$$",
            segments: [.literal("$"), .placeholder("CODE"), .literal("$")]),
        ParseCase(
            dialect: .doubleDollar, text: "$$a$$$$b$$", segments: [.placeholder("a"), .placeholder("b")]),
        ParseCase(dialect: .doubleDollar, text: "{a} <b>", segments: [.literal("{a} <b>")]),
    ]

    @Test("parses into segments", arguments: parseCases)
    func parses(_ c: ParseCase) throws {
        #expect(try TemplateParser.parse(c.text, dialect: c.dialect) == c.segments)
        #expect(try CompiledTemplate(c.text, dialect: c.dialect).segments == c.segments)
    }

    static let errorCases: [ErrorCase] = [
        // single brace
        ErrorCase(dialect: .singleBrace, text: "Hello {fn", error: .unclosedPlaceholder(at: loc(6, 1, 7))),
        ErrorCase(dialect: .singleBrace, text: "x{", error: .unclosedPlaceholder(at: loc(1, 1, 2))),
        ErrorCase(dialect: .singleBrace, text: "Hello }", error: .strayClosingDelimiter(at: loc(6, 1, 7))),
        ErrorCase(dialect: .singleBrace, text: "Hi {}", error: .emptyName(at: loc(3, 1, 4))),
        ErrorCase(
            dialect: .singleBrace, text: "Hi {f n}", error: .invalidNameCharacter(" ", at: loc(5, 1, 6))),
        ErrorCase(dialect: .singleBrace, text: "Hi {1a}", error: .nameStartsWithDigit(at: loc(4, 1, 5))),
        ErrorCase(
            dialect: .singleBrace, text: "Line1\nŁódź {fn", error: .unclosedPlaceholder(at: loc(14, 2, 6))),
        ErrorCase(dialect: .singleBrace, text: "{fń}", error: .invalidNameCharacter("ń", at: loc(2, 1, 3))),
        ErrorCase(
            dialect: .singleBrace, text: "ab\n\ncd{😀}", error: .invalidNameCharacter("😀", at: loc(7, 3, 4))),
        ErrorCase(
            dialect: .singleBrace, text: "{\(longName)}", error: .nameTooLong(limit: 64, at: loc(1, 1, 2))),
        ErrorCase(
            dialect: .singleBrace, text: "Hello {fn, code",
            error: .invalidNameCharacter(",", at: loc(9, 1, 10))),
        // angle
        ErrorCase(dialect: .angle, text: "Hi <fn", error: .unclosedPlaceholder(at: loc(3, 1, 4))),
        ErrorCase(dialect: .angle, text: "a > b", error: .strayClosingDelimiter(at: loc(2, 1, 3))),
        ErrorCase(dialect: .angle, text: "<>", error: .emptyName(at: loc(0, 1, 1))),
        ErrorCase(dialect: .angle, text: "<fn-x>", error: .invalidNameCharacter("-", at: loc(3, 1, 4))),
        ErrorCase(dialect: .angle, text: "ž\n<2>", error: .nameStartsWithDigit(at: loc(4, 2, 2))),
        // double brace
        ErrorCase(dialect: .doubleBrace, text: "{{code", error: .unclosedPlaceholder(at: loc(0, 1, 1))),
        ErrorCase(dialect: .doubleBrace, text: "{{code}", error: .unclosedPlaceholder(at: loc(0, 1, 1))),
        ErrorCase(
            dialect: .doubleBrace, text: "{{code}x", error: .invalidNameCharacter("}", at: loc(6, 1, 7))),
        ErrorCase(dialect: .doubleBrace, text: "a}}b", error: .strayClosingDelimiter(at: loc(1, 1, 2))),
        ErrorCase(dialect: .doubleBrace, text: "}}}", error: .strayClosingDelimiter(at: loc(0, 1, 1))),
        ErrorCase(dialect: .doubleBrace, text: "{{}}", error: .emptyName(at: loc(0, 1, 1))),
        ErrorCase(
            dialect: .doubleBrace, text: "{{ code }}", error: .invalidNameCharacter(" ", at: loc(2, 1, 3))),
        ErrorCase(dialect: .doubleBrace, text: "x{{{", error: .unclosedPlaceholder(at: loc(2, 1, 3))),
        // dollar brace
        ErrorCase(dialect: .dollarBrace, text: "${code", error: .unclosedPlaceholder(at: loc(0, 1, 1))),
        ErrorCase(dialect: .dollarBrace, text: "${}", error: .emptyName(at: loc(0, 1, 1))),
        ErrorCase(
            dialect: .dollarBrace, text: "${co de}", error: .invalidNameCharacter(" ", at: loc(4, 1, 5))),
        ErrorCase(dialect: .dollarBrace, text: "€ ${9x}", error: .nameStartsWithDigit(at: loc(6, 1, 5))),
        // double dollar
        ErrorCase(dialect: .doubleDollar, text: "$$CODE", error: .unclosedPlaceholder(at: loc(0, 1, 1))),
        ErrorCase(dialect: .doubleDollar, text: "$$CODE$", error: .unclosedPlaceholder(at: loc(0, 1, 1))),
        ErrorCase(
            dialect: .doubleDollar, text: "$$CODE$x", error: .invalidNameCharacter("$", at: loc(6, 1, 7))),
        ErrorCase(
            dialect: .doubleDollar, text: "$$ CODE$$", error: .invalidNameCharacter(" ", at: loc(2, 1, 3))),
        ErrorCase(dialect: .doubleDollar, text: "$$$", error: .unclosedPlaceholder(at: loc(1, 1, 2))),
    ]

    @Test("reports the broken rule and where", arguments: errorCases)
    func reportsErrors(_ c: ErrorCase) {
        #expect(throws: c.error) { try TemplateParser.parse(c.text, dialect: c.dialect) }
        #expect(throws: c.error) { try CompiledTemplate(c.text, dialect: c.dialect) }
    }

    @Test("rejects text over the size limit before parsing")
    func rejectsLongInput() {
        let text = String(repeating: "a", count: TemplateParser.maximumTemplateBytes + 1)
        #expect(
            throws: TemplateError.inputTooLong(
                byteCount: TemplateParser.maximumTemplateBytes + 1, limit: 65_536)
        ) {
            try CompiledTemplate(text)
        }
    }

    @Test(
        "validates names",
        arguments: [
            ("fn", true), ("_x9", true), ("9x", false), ("", false), ("f n", false), ("ń", false),
            (longName, false),
        ])
    func validatesNames(_ name: String, _ valid: Bool) {
        #expect(TemplateParser.isValidName(name) == valid)
    }

    @Test("error identifiers and descriptions name the rule and position")
    func describesErrors() {
        let error = TemplateError.unclosedPlaceholder(at: loc(6, 1, 7))
        #expect(error.identifier == "unclosed_placeholder")
        #expect(error.description == "placeholder opened at 1:7 (byte 6) is not closed")
        #expect(error.location == loc(6, 1, 7))
        #expect(TemplateError.inputTooLong(byteCount: 1, limit: 0).location == nil)
    }
}
