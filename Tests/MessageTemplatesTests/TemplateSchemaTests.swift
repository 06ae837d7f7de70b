import MessageTemplates
import Testing

struct SchemaCase: Sendable, CustomTestStringConvertible {
    let dialect: TemplateDialect
    let text: String
    let error: TemplateError?
    var testDescription: String { "\(dialect): \(text.debugDescription)" }
}

@Suite("Schemas")
struct TemplateSchemaTests {
    static let cases: [SchemaCase] = [
        SchemaCase(dialect: .singleBrace, text: "Hello {fn}, your one-time password is {pin}", error: nil),
        SchemaCase(
            dialect: .singleBrace, text: "Hello {fn}, code {code}",
            error: .unknownName("code", at: TemplateLocation(offset: 18, line: 1, column: 19))),
        SchemaCase(
            dialect: .doubleBrace, text: "Code\n{{CODE}}",
            error: .unknownName("CODE", at: TemplateLocation(offset: 7, line: 2, column: 3))),
        SchemaCase(
            dialect: .doubleDollar, text: "$$pin$$ $$Pin$$",
            error: .unknownName("Pin", at: TemplateLocation(offset: 10, line: 1, column: 11))),
        SchemaCase(dialect: .angle, text: "<ln>, <phone>", error: nil),
    ]

    @Test("resolves names to the schema's slots or reports the unknown name", arguments: cases)
    func compilesAgainstSchema(_ c: SchemaCase) throws {
        if let error = c.error {
            #expect(throws: error) { try CompiledTemplate(c.text, dialect: c.dialect, schema: .fourSlots) }
        } else {
            let template = try CompiledTemplate(c.text, dialect: c.dialect, schema: .fourSlots)
            #expect(template.slotNames == ["fn", "ln", "phone", "pin"])
            for case .placeholder(let name) in template.segments {
                #expect(template.slot(of: name) == TemplateSchema.fourSlots.slot(of: name))
            }
        }
    }

    @Test(
        "rejects invalid schemas",
        arguments: [
            (["fn", "fn"], TemplateSchemaError.duplicateName("fn")),
            (["fn", "first name"], TemplateSchemaError.invalidName("first name")),
            (["1st"], TemplateSchemaError.invalidName("1st")),
            ([""], TemplateSchemaError.invalidName("")),
        ])
    func rejectsInvalidSchemas(_ names: [String], _ error: TemplateSchemaError) {
        #expect(throws: error) { try TemplateSchema(names) }
        #expect(
            error.identifier
                == {
                    switch error {
                    case .invalidName: "invalid_name"
                    case .duplicateName: "duplicate_name"
                    }
                }())
    }

    @Test("a schema's slots are its names' indices")
    func slotsAreIndices() throws {
        #expect(TemplateSchema.fourSlots.names == ["fn", "ln", "phone", "pin"])
        #expect(try TemplateSchema(["a", "b_2"]).slot(of: "b_2") == 1)
    }

    @Test("without a schema, slots follow first appearance, also past the small-set search")
    func slotsByFirstAppearance() throws {
        let names = (0..<40).map { "n\($0)" }
        let text = names.map { "{\($0)}" }.joined(separator: " ") + " {n3} {n39}"
        let template = try CompiledTemplate(text)
        #expect(template.slotNames == names)
        #expect(template.usedSlots == Array(0..<40))
        let values = TemplateValues(
            for: template, Dictionary(uniqueKeysWithValues: names.map { ($0, $0.uppercased()) }))
        let expected = names.map { $0.uppercased() }.joined(separator: " ") + " N3 N39"
        #expect(try template.render(values) == expected)
    }
}
