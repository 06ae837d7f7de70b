import MessageTemplates
import Testing

struct RenderCase: Sendable, CustomTestStringConvertible {
    let template: String
    let values: [String: String]
    let expected: String
    var testDescription: String { template.debugDescription }
}

@Suite("Rendering")
struct TemplateRenderTests {
    static let cases: [RenderCase] = [
        RenderCase(
            template: "Hello {fn}, your one-time password is {pin}", values: ["fn": "Ann", "pin": "123456"],
            expected: "Hello Ann, your one-time password is 123456"),
        // Values are inserted verbatim and never re-scanned.
        RenderCase(
            template: "Hello {fn}, your one-time password is {pin}", values: ["fn": "{pin}", "pin": "{fn}"],
            expected: "Hello {pin}, your one-time password is {fn}"),
        RenderCase(
            template: "Cześć {fn}! Код: {pin} 😀", values: ["fn": "Łukasz", "pin": "42"],
            expected: "Cześć Łukasz! Код: 42 😀"),
        RenderCase(template: "{a}{a}{b}", values: ["a": "x", "b": "yy"], expected: "xxyy"),
        RenderCase(template: "{{literal}} {x}", values: ["x": ""], expected: "{literal} "),
        RenderCase(template: "", values: [:], expected: ""),
        RenderCase(template: "{only}", values: ["only": "👍🏽 ok"], expected: "👍🏽 ok"),
        RenderCase(template: "no placeholders", values: ["unused": "x"], expected: "no placeholders"),
    ]

    @Test("renders exact text through every API", arguments: cases)
    func renders(_ c: RenderCase) throws {
        let template = try CompiledTemplate(c.template)
        let values = TemplateValues(for: template, c.values)
        #expect(try template.render(values) == c.expected)
        #expect(try template.render(c.values) == c.expected)
        #expect(try template.render(slots: template.slotNames.map { c.values[$0] ?? "" }) == c.expected)
        let slots = template.slotNames.map { c.values[$0] ?? "" }
        #expect(try slots.withUnsafeBufferPointer { try template.render(slots: $0) } == c.expected)
        #expect(try template.renderedByteCount(values) == c.expected.utf8.count)

        var buffer: [UInt8] = Array("prefix:".utf8)
        try template.render(values, appendingTo: &buffer)
        #expect(buffer == Array("prefix:".utf8) + Array(c.expected.utf8))

        let raw = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: c.expected.utf8.count + 4)
        defer { raw.deallocate() }
        let written = try template.render(values, into: raw)
        #expect(Array(raw[0..<written]) == Array(c.expected.utf8))
    }

    @Test("the same template in every dialect renders the same text", arguments: TemplateDialect.allCases)
    func dialectFreeRendering(_ dialect: TemplateDialect) throws {
        let text = dialect.source(for: [
            .literal("Hello "), .placeholder("fn"), .literal(", your one-time password is "),
            .placeholder("pin"),
        ])
        let template = try CompiledTemplate(text, dialect: dialect, schema: .fourSlots)
        var values = TemplateValues(for: .fourSlots)
        values["fn"] = "Ann"
        values["pin"] = "123456"
        #expect(try template.render(values) == "Hello Ann, your one-time password is 123456")
        #expect(
            template
                == (try CompiledTemplate("Hello {fn}, your one-time password is {pin}", schema: .fourSlots)))
    }

    @Test("a missing value is an error, never an empty string")
    func missingValue() throws {
        let template = try CompiledTemplate(
            "Hello {fn}, your one-time password is {pin}", schema: .fourSlots)
        var values = TemplateValues(for: template)
        values["fn"] = "Ann"
        #expect(throws: TemplateRenderError.missingValue(slot: 3, name: "pin")) {
            try template.render(values)
        }
        #expect(throws: TemplateRenderError.missingValue(slot: 3, name: "pin")) {
            try template.render(["fn": "Ann"])
        }
        #expect(throws: TemplateRenderError.missingValue(slot: 3, name: "pin")) {
            try template.render(slots: ["Ann", "", ""])
        }
        #expect(throws: TemplateRenderError.missingValue(slot: 3, name: "pin")) {
            try ["Ann", "", ""].withUnsafeBufferPointer { try template.render(slots: $0) }
        }
        var buffer: [UInt8] = [1, 2]
        #expect(throws: TemplateRenderError.missingValue(slot: 3, name: "pin")) {
            try template.render(values, appendingTo: &buffer)
        }
        #expect(buffer == [1, 2])
        values["pin"] = "1"
        values.removeAll()
        #expect(throws: TemplateRenderError.missingValue(slot: 0, name: "fn")) { try template.render(values) }
    }

    @Test("values for unused or unknown slots are ignored; unknown slots read as nil")
    func valueSubscripts() throws {
        let template = try CompiledTemplate("{b}-{a}")
        #expect(template.slotNames == ["b", "a"])
        var values = TemplateValues(for: template)
        values[slot: 0] = "B"
        values["a"] = "A"
        values["zzz"] = "ignored"
        values[slot: 9] = "ignored"
        #expect(values[slot: 9] == nil)
        #expect(values["zzz"] == nil)
        #expect(values["b"] == "B")
        #expect(try template.render(values) == "B-A")
    }

    @Test("a buffer that is too small is reported and left untouched")
    func bufferTooSmall() throws {
        let template = try CompiledTemplate("Code: {pin}")
        var values = TemplateValues(for: template)
        values["pin"] = "123456"
        let raw = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 4)
        defer { raw.deallocate() }
        raw.initialize(repeating: 0)
        #expect(throws: TemplateRenderError.bufferTooSmall(required: 12, available: 4)) {
            try template.render(values, into: raw)
        }
        #expect(Array(raw) == [0, 0, 0, 0])
    }

    @Test("a schema-compiled template renders from schema-built values")
    func schemaValues() throws {
        let short = try CompiledTemplate("PIN {pin}", schema: .fourSlots)
        let long = try CompiledTemplate("<fn> <ln>, <phone>: <pin>", dialect: .angle, schema: .fourSlots)
        var values = TemplateValues(for: .fourSlots)
        values["fn"] = "Jo"
        values["ln"] = "Ng"
        values["phone"] = "+15551234567"
        values["pin"] = "0000"
        #expect(try short.render(values) == "PIN 0000")
        #expect(try long.render(values) == "Jo Ng, +15551234567: 0000")
        #expect(short.usedSlots == [3])
        #expect(long.usedSlots == [0, 1, 2, 3])
    }
}
