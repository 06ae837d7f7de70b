import MessageTemplates
import Testing

@Suite("checkTemplate: the compiler's grammar without allocating")
struct TemplateCheckTests {
    /// What compiling says about `text`: the error it throws, or whether `name` is one of its slots.
    private static func compiled(_ text: String, _ dialect: TemplateDialect, _ name: String) -> Result<
        Bool, TemplateError
    > {
        do throws(TemplateError) {
            return .success(try CompiledTemplate(text, dialect: dialect).slotNames.contains(name))
        } catch {
            return .failure(error)
        }
    }

    private static func checked(_ text: String, _ dialect: TemplateDialect, _ name: String) -> Result<
        Bool, TemplateError
    > {
        do throws(TemplateError) {
            return .success(try TemplateParser.checkTemplate(text, dialect: dialect, uses: name))
        } catch {
            return .failure(error)
        }
    }

    @Test(
        "PhoneMatch messages",
        arguments: [
            ("Hello {fn}, your one-time password is {pin}", Result<Bool, TemplateError>.success(true)),
            ("Hello {fn}", .success(false)),
            ("Your code: pin", .success(false)),
            ("{{pin}} is literal", .success(false)),
            ("{pin}", .success(true)),
            ("{pin2} and {pi}", .success(false)),
            (
                "Hello {fn, code {pin}",
                .failure(.invalidNameCharacter(",", at: TemplateLocation(offset: 9, line: 1, column: 10)))
            ),
            ("code {}", .failure(.emptyName(at: TemplateLocation(offset: 5, line: 1, column: 6)))),
            (
                "code {pin",
                .failure(.unclosedPlaceholder(at: TemplateLocation(offset: 5, line: 1, column: 6)))
            ),
            (
                "code } {pin}",
                .failure(.strayClosingDelimiter(at: TemplateLocation(offset: 5, line: 1, column: 6)))
            ),
        ])
    func examples(_ text: String, _ expected: Result<Bool, TemplateError>) {
        #expect(Self.checked(text, .singleBrace, "pin") == expected)
        #expect(Self.compiled(text, .singleBrace, "pin") == expected)
    }

    @Test("a text over the byte limit is refused as compiling refuses it")
    func tooLong() {
        let text = String(repeating: "a", count: TemplateParser.maximumTemplateBytes) + "{pin}"
        #expect(Self.checked(text, .singleBrace, "pin") == Self.compiled(text, .singleBrace, "pin"))
        #expect(
            Self.checked(text, .singleBrace, "pin")
                == .failure(
                    .inputTooLong(byteCount: text.utf8.count, limit: TemplateParser.maximumTemplateBytes)))
    }

    /// Random delimiter-heavy text, and well-formed templates with random names around `pin`: the
    /// check gives exactly compiling's answer (the same error, with its location, or the same
    /// presence of the name).
    @Test("agrees with compiling on random text", arguments: TemplateDialect.allCases)
    func agreesWithCompiling(_ dialect: TemplateDialect) {
        var rng = SplitMix64(seed: 0xC4EC_0000 &+ UInt64(dialect.rawValue.utf8.count))
        var outcomes: (found: Int, absent: Int, failed: Int) = (0, 0, 0)
        for round in 0..<3_000 {
            var text: String
            switch round % 3 {
            case 0: text = randomText(&rng, maxPieces: 24)
            case 1:
                var segments = randomSegments(&rng)
                if Bool.random(using: &rng) {
                    segments.insert(.placeholder("pin"), at: Int.random(in: 0...segments.count, using: &rng))
                }
                text = dialect.source(for: segments.normalized())
            default:
                text =
                    dialect.source(for: randomSegments(&rng)) + randomText(&rng, maxPieces: 3)
                    + dialect.source(for: [.placeholder("pin")])
            }
            if Int.random(in: 0..<8, using: &rng) == 0 { text += randomText(&rng, maxPieces: 2) }
            let name = Int.random(in: 0..<4, using: &rng) == 0 ? randomName(&rng) : "pin"
            let expected = Self.compiled(text, dialect, name)
            #expect(Self.checked(text, dialect, name) == expected, "\(text.debugDescription) \(name)")
            switch expected {
            case .success(true): outcomes.found += 1
            case .success(false): outcomes.absent += 1
            case .failure: outcomes.failed += 1
            }
        }
        // The generator must exercise every outcome.
        #expect(outcomes.found > 50)
        #expect(outcomes.absent > 50)
        #expect(outcomes.failed > 50)
    }
}
