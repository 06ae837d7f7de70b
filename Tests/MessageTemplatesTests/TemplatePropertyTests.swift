import MessageTemplates
import Testing

@Suite("Properties over random templates")
struct TemplatePropertyTests {
    /// Random text in every dialect: it compiles, or fails with a positioned error inside the
    /// input; when it compiles, random values render to exactly what the segments describe.
    @Test(
        "compile or fail with a positioned error; render is the concatenation",
        arguments: TemplateDialect.allCases)
    func randomTemplates(_ dialect: TemplateDialect) throws {
        var rng = SplitMix64(seed: 0x7E57_0000 &+ UInt64(dialect.rawValue.utf8.count))
        var compiled = 0
        var failed = 0
        for _ in 0..<1_000 {
            let text =
                Int.random(in: 0..<4, using: &rng) == 0
                ? dialect.source(for: randomSegments(&rng)) + randomText(&rng, maxPieces: 2)
                : randomText(&rng, maxPieces: 24)
            let byteCount = text.utf8.count
            let template: CompiledTemplate
            do throws(TemplateError) {
                template = try CompiledTemplate(text, dialect: dialect)
            } catch {
                failed += 1
                guard let location = error.location else {
                    Issue.record("error without a location: \(error)")
                    continue
                }
                #expect(
                    location.offset >= 0 && location.offset < byteCount, "\(text.debugDescription): \(error)")
                #expect(location == Self.expectedLocation(text, location.offset))
                continue
            }
            compiled += 1
            let segments = template.segments
            #expect(try TemplateParser.parse(text, dialect: dialect) == segments)
            #expect(segments == segments.normalized())
            var values: [String: String] = [:]
            for name in template.slotNames { values[name] = Self.randomValue(&rng) }
            let expected = expectedRendering(segments, values)
            let rendered = try template.render(TemplateValues(for: template, values))
            #expect(rendered == expected, "\(text.debugDescription)")
            var buffer: [UInt8] = []
            buffer.reserveCapacity(expected.utf8.count)
            try template.render(TemplateValues(for: template, values), appendingTo: &buffer)
            #expect(buffer == Array(expected.utf8))
        }
        // The generator must exercise both outcomes.
        #expect(compiled > 50)
        #expect(failed > 50)
    }

    private static func randomValue<G: RandomNumberGenerator>(_ rng: inout G) -> String {
        let pieces = ["{pin}", "<fn>", "$$CODE$$", "${x}", "{{a}}", "Łukasz", "😀", "", "a", "}"]
        return (0..<Int.random(in: 0...3, using: &rng)).map { _ in rng.pick(pieces) }.joined()
    }

    /// Line and column of a byte offset, computed independently from `String`.
    private static func expectedLocation(_ text: String, _ offset: Int) -> TemplateLocation {
        let utf8 = text.utf8
        let index = utf8.index(utf8.startIndex, offsetBy: offset)
        let before = String(text[..<index])
        let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
        let column = (lines.last.map { $0.unicodeScalars.count } ?? 0) + 1
        return TemplateLocation(offset: offset, line: lines.count, column: column)
    }
}
