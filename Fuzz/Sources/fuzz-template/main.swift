// fuzz-template: compiling, rendering and converting templates on arbitrary text.
//
// Input: byte 0 picks the dialect (every `TemplateDialect`); the rest is the template text
// (`String(decoding:as:)`). Slot values are drawn from a generator seeded with the input. Byte 0 of
// 0xFE or 0xFF instead checks the length bound with the text repeated or padded to 64 KiB.
//
// Invariants (docs/FUZZING.md):
// 1. Compiling never traps. Text over `maximumTemplateBytes` fails with `inputTooLong` and nothing else
//    does; every other error's location is inside the text, its line and column agree with the
//    offset, and the text at the offset is what the error names.
// 2. The segments are normalized, names are valid, `TemplateParser.parse` gives the same segments.
// 3. Rendering: the length is the literal bytes plus the value bytes of each placeholder; the
//    String, appending, buffer and byte-count forms agree with the plain concatenation; a buffer
//    one byte short throws `bufferTooSmall`; an unset slot throws `missingValue` for it.
// 4. Writing the template in every dialect and compiling that gives the same segments, and
//    converting it back to the source dialect does too.
// 5. A schema accepts exactly the templates whose names it defines; renaming maps every name.
import FuzzSupport
import MessageTemplates
import OTPProviders

let dialects = TemplateDialect.allCases
let valuePieces = [
    "", "a", "Ann", "{", "}", "{{", "}}", "<", ">", "$", "$$", "${pin}", "{fn}", "<fn>", "$$CODE$$", "ł", "€",
    "😀", "\u{0}", "\n", "123456", "\u{301}", String(repeating: "x", count: 70),
]

func scalarCount(_ bytes: some Sequence<UInt8>) -> Int {
    bytes.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
}

/// Checks an error's location against the text (UTF-8 bytes of what was compiled).
func checkError(_ error: TemplateError, text: String, dialect: TemplateDialect, input: () -> String) {
    let bytes = Array(text.utf8)
    if bytes.count > TemplateParser.maximumTemplateBytes {
        invariant(
            error == .inputTooLong(byteCount: bytes.count, limit: TemplateParser.maximumTemplateBytes),
            "\(bytes.count) bytes must fail with inputTooLong, got \(error) for \(input())")
        return
    }
    guard let location = error.location else {
        invariant(false, "\(bytes.count) bytes fail with \(error), which has no location, for \(input())")
        return
    }
    let offset = location.offset
    invariant(offset >= 0 && offset < bytes.count, "\(error) offset outside the text for \(input())")
    let before = bytes[0..<offset]
    let lineStart = (before.lastIndex(of: 0x0A) ?? -1) + 1
    invariant(
        location.line == 1 + before.filter { $0 == 0x0A }.count
            && location.column == 1 + scalarCount(bytes[lineStart..<offset]),
        "\(error): line/column disagree with byte \(offset) for \(input())")
    invariant(bytes[offset] & 0xC0 != 0x80, "\(error) points inside a character for \(input())")
    let open = Array(dialect.openingDelimiter.utf8)
    let close = Array(dialect.closingDelimiter.utf8)
    switch error {
    case .inputTooLong:
        invariant(false, "inputTooLong for \(bytes.count) bytes for \(input())")
    case .unclosedPlaceholder, .emptyName:
        invariant(bytes[offset...].starts(with: open), "\(error) not at an opening delimiter for \(input())")
    case .strayClosingDelimiter:
        invariant(bytes[offset] == close[0], "\(error) not at a closing delimiter for \(input())")
    case .invalidNameCharacter(let scalar, _):
        let here = String(decoding: bytes[offset...].prefix(4), as: UTF8.self).unicodeScalars.first
        invariant(
            here == scalar || scalar == "\u{FFFD}",
            "\(error) names \(scalar) but the text has \(String(describing: here)) for \(input())")
        invariant(
            !(scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")),
            "\(error) reports a name character for \(input())")
    case .nameStartsWithDigit:
        invariant(bytes[offset] &- 0x30 < 10, "\(error) not at a digit for \(input())")
    case .nameTooLong(let limit, _):
        invariant(limit == TemplateParser.maximumNameBytes, "\(error) limit for \(input())")
        invariant(
            bytes[offset...].prefix(limit + 1).allSatisfy {
                ($0 | 0x20) &- 0x61 < 26 || $0 &- 0x30 < 10 || $0 == 0x5F
            },
            "\(error) but the name is shorter for \(input())")
    case .unknownName(let name, _):
        invariant(bytes[offset...].starts(with: name.utf8), "\(error) not at the name for \(input())")
    }
}

/// Byte 0 = 0xFE: the text repeated past `maximumTemplateBytes` must fail with `inputTooLong`;
/// 0xFF: the text padded with `a` to exactly `maximumTemplateBytes` must not.
func checkLengthBound(_ text: String, dialect: TemplateDialect, exact: Bool, input: () -> String) {
    let limit = TemplateParser.maximumTemplateBytes
    let long: String
    if exact {
        guard text.utf8.count <= limit else { return }
        long = text + String(repeating: "a", count: limit - text.utf8.count)
    } else {
        long = String(repeating: text.isEmpty ? "a" : text, count: limit / max(text.utf8.count, 1) + 1)
    }
    do throws(TemplateError) {
        _ = try CompiledTemplate(long, dialect: dialect)
        invariant(exact, "\(long.utf8.count) bytes compiled for \(input())")
    } catch {
        if exact {
            invariant(
                error.identifier != "input_too_long", "\(limit) bytes fail with \(error) for \(input())")
            checkError(error, text: long, dialect: dialect, input: input)
        } else {
            invariant(
                error == .inputTooLong(byteCount: long.utf8.count, limit: limit),
                "\(long.utf8.count) bytes fail with \(error) for \(input())")
        }
    }
}

/// The plain concatenation a rendering must equal.
func expected(_ segments: [TemplateSegment], _ values: [String: String]) -> String {
    segments.map { segment in
        switch segment {
        case .literal(let text): text
        case .placeholder(let name): values[name] ?? ""
        }
    }.joined()
}

func checkRender(_ template: CompiledTemplate, seed: some Sequence<UInt8>, input: () -> String) {
    var rng = SplitMix64(hashing: seed)
    let segments = template.segments
    var named: [String: String] = [:]
    var values = TemplateValues(for: template)
    var slots: [String] = []
    for name in template.slotNames {
        var value = ""
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            value += valuePieces.randomElement(using: &rng) ?? ""
        }
        named[name] = value
        values[name] = value
        slots.append(value)
    }
    var literalBytes = 0
    var valueBytes = 0
    for segment in segments {
        switch segment {
        case .literal(let text): literalBytes += text.utf8.count
        case .placeholder(let name): valueBytes += named[name]?.utf8.count ?? 0
        }
    }
    invariant(literalBytes == template.literalByteCount, "literalByteCount for \(input())")
    let want = expected(segments, named)
    do throws(TemplateRenderError) {
        let text = try template.render(values)
        invariant(text.utf8.count == literalBytes + valueBytes, "rendered length for \(input())")
        invariant(text == want, "render \(literal(text.utf8)) != \(literal(want.utf8)) for \(input())")
        let byteCount = try template.renderedByteCount(values)
        invariant(byteCount == text.utf8.count, "renderedByteCount for \(input())")
        let bySlots = try template.render(slots: slots)
        invariant(bySlots == text, "render(slots:) for \(input())")
        let byName = try template.render(named)
        invariant(byName == text, "render([String: String]) for \(input())")
        var appended: [UInt8] = [0x21, 0x22]
        try template.render(values, appendingTo: &appended)
        invariant(
            appended.elementsEqual([0x21, 0x22] + Array(text.utf8)), "render(appendingTo:) for \(input())")
        let count = text.utf8.count
        var buffer = [UInt8](repeating: 0xEE, count: count + 1)
        let written = try buffer.withUnsafeMutableBufferPointer {
            (out) throws(TemplateRenderError) -> Int in try template.render(values, into: out)
        }
        invariant(
            written == count && buffer[0..<count].elementsEqual(text.utf8) && buffer[count] == 0xEE,
            "render(into:) for \(input())")
        if count > 0 {
            var short = [UInt8](repeating: 0xEE, count: count - 1)
            do throws(TemplateRenderError) {
                _ = try short.withUnsafeMutableBufferPointer {
                    (out) throws(TemplateRenderError) -> Int in try template.render(values, into: out)
                }
                invariant(false, "render(into:) a short buffer did not throw for \(input())")
            } catch {
                invariant(
                    error == .bufferTooSmall(required: count, available: count - 1)
                        && short.allSatisfy { $0 == 0xEE },
                    "short buffer: \(error) for \(input())")
            }
        }
    } catch {
        invariant(false, "rendering with every value set threw \(error) for \(input())")
    }
    // The first placeholder's slot unset: rendering names it.
    guard let first = template.usedSlots.first else { return }
    var missing = values
    missing[slot: first] = nil
    do throws(TemplateRenderError) {
        _ = try template.render(missing)
        invariant(false, "rendering without slot \(first) did not throw for \(input())")
    } catch {
        invariant(
            error == .missingValue(slot: first, name: template.name(ofSlot: first)),
            "missing slot \(first): \(error) for \(input())")
    }
}

func checkConversions(_ template: CompiledTemplate, from source: TemplateDialect, input: () -> String) {
    let segments = template.segments
    for target in dialects {
        let written = template.source(in: target)
        invariant(target.source(for: segments) == written, "source(for:) in \(target) for \(input())")
        do throws(TemplateConversionError) {
            let again: CompiledTemplate
            do throws(TemplateError) {
                again = try CompiledTemplate(written, dialect: target)
            } catch {
                throw .invalidSource(error)
            }
            invariant(
                again.segments == segments,
                "\(target) form \(literal(written.utf8)) compiles to \(again.segments), not \(segments) for \(input())"
            )
            let back = try TemplateDialect.convert(written, from: target, to: source)
            let backSegments = (try? CompiledTemplate(back, dialect: source))?.segments
            invariant(backSegments == segments, "\(target) → \(source) changes the segments for \(input())")
        } catch {
            invariant(false, "\(target) form \(literal(written.utf8)) fails: \(error) for \(input())")
        }
    }
    invariant(template.description == template.source(in: .singleBrace), "description for \(input())")
}

func checkSchemaAndRenaming(
    _ template: CompiledTemplate, text: String, dialect: TemplateDialect, input: () -> String
) {
    let schema = TemplateSchema.phoneMatch
    let names = template.segments.compactMap { segment -> String? in
        if case .placeholder(let name) = segment { return name }
        return nil
    }
    do throws(TemplateError) {
        let strict = try CompiledTemplate(text, dialect: dialect, schema: schema)
        invariant(
            names.allSatisfy { schema.names.contains($0) }, "schema accepted an unknown name for \(input())")
        invariant(strict.segments == template.segments, "schema changes the segments for \(input())")
        invariant(strict.slotNames == schema.names, "schema slot names for \(input())")
    } catch {
        guard case .unknownName(let name, _) = error else {
            invariant(false, "schema compile fails with \(error) where the plain one compiled for \(input())")
            return
        }
        invariant(!schema.names.contains(name) && names.contains(name), "unknownName(\(name)) for \(input())")
        checkError(error, text: text, dialect: dialect, input: input)
    }
    var mapping: [String: String] = [:]
    for name in template.slotNames { mapping[name] = "r" + name }
    do throws(TemplateConversionError) {
        let renamed = try template.renamed(mapping)
        invariant(
            names.allSatisfy { $0.utf8.count < TemplateParser.maximumNameBytes },
            "renaming to a name over the limit succeeded for \(input())")
        let want = template.segments.map { segment -> TemplateSegment in
            if case .placeholder(let name) = segment { return .placeholder("r" + name) }
            return segment
        }
        invariant(renamed.segments == want, "renamed segments for \(input())")
    } catch {
        guard case .invalidMappedName(let source, let target) = error else {
            invariant(false, "renaming every name fails with \(error) for \(input())")
            return
        }
        invariant(
            target == "r" + source && source.utf8.count >= TemplateParser.maximumNameBytes,
            "\(error) for \(input())")
    }
}

/// libFuzzer's entry point: checks the invariants above on one input; returns 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    withFuzzInput(data, size) { input in
        let (choice, payload) = input.choiceAndPayload
        let dialect = dialects[Int(choice) % dialects.count]
        let text = String(decoding: payload, as: UTF8.self)
        let describe = { "\(dialect) \(literal(payload))" }
        if choice >= 0xFE {
            checkLengthBound(text, dialect: dialect, exact: choice == 0xFF, input: describe)
            return
        }
        let template: CompiledTemplate
        do throws(TemplateError) {
            template = try CompiledTemplate(text, dialect: dialect)
        } catch {
            checkError(error, text: text, dialect: dialect, input: describe)
            let compileError = error
            do throws(TemplateConversionError) {
                _ = try TemplateDialect.convert(text, from: dialect, to: .singleBrace)
                invariant(false, "convert accepted text that does not compile for \(describe())")
            } catch {
                invariant(
                    error == .invalidSource(compileError), "convert fails with \(error) for \(describe())")
            }
            return
        }
        let segments = template.segments
        invariant(segments == segments.normalized(), "segments not normalized for \(describe())")
        for segment in segments {
            switch segment {
            case .literal(let literalText):
                invariant(!literalText.isEmpty, "empty literal for \(describe())")
            case .placeholder(let name):
                invariant(
                    TemplateParser.isValidName(name), "invalid name \(literal(name.utf8)) for \(describe())")
                invariant(template.slot(of: name) != nil, "name without a slot for \(describe())")
            }
        }
        invariant(
            Set(template.slotNames).count == template.slotCount, "duplicate slot names for \(describe())")
        do throws(TemplateError) {
            let parsed = try TemplateParser.parse(text, dialect: dialect)
            invariant(parsed == segments, "parse != compile for \(describe())")
        } catch {
            invariant(false, "parse fails (\(error)) where compile succeeds for \(describe())")
        }
        checkRender(template, seed: payload, input: describe)
        checkConversions(template, from: dialect, input: describe)
        checkSchemaAndRenaming(template, text: text, dialect: dialect, input: describe)
    }
}

runFuzzer(fuzzTemplate)
