// Writing a compiled (dialect-free) template back out as text in any dialect, with literal text
// escaped so that parsing the output in that dialect gives the same segments, and optionally
// renaming placeholders on the way (a gateway's `code` to Veratad's `pin`).

/// Why a template could not be converted.
public enum TemplateConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The source text does not compile in its dialect.
    case invalidSource(TemplateError)
    /// A placeholder whose name the mapping does not cover.
    case unmappedName(String)
    /// A mapping whose target is not a valid name (``TemplateParser/isValidName(_:)``).
    case invalidMappedName(source: String, target: String)

    /// A stable snake_case identifier of the rule.
    public var identifier: String {
        switch self {
        case .invalidSource(let error): error.identifier
        case .unmappedName: "unmapped_name"
        case .invalidMappedName: "invalid_mapped_name"
        }
    }

    /// A one-line English explanation.
    public var description: String {
        switch self {
        case .invalidSource(let error): error.description
        case .unmappedName(let name): "no mapping for placeholder '\(name)'"
        case .invalidMappedName(let source, let target): "'\(source)' maps to invalid name '\(target)'"
        }
    }
}

extension CompiledTemplate {
    /// The template written as text in `dialect`, literal text escaped for that dialect.
    ///
    /// `CompiledTemplate(template.source(in: d), dialect: d).segments == template.segments` for
    /// every dialect `d`.
    public func source(in dialect: TemplateDialect) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(literalBytes.count + parts.count * 8)
        literalBytes.withUnsafeBufferPointer { literal in
            for part in parts {
                switch part {
                case .literal(let start, let end):
                    dialect.appendEscaped(
                        UnsafeBufferPointer(rebasing: literal[Int(start)..<Int(end)]), to: &output)
                case .slot(let slot):
                    output.append(contentsOf: dialect.openingDelimiter.utf8)
                    output.append(contentsOf: name(ofSlot: Int(slot)).utf8)
                    output.append(contentsOf: dialect.closingDelimiter.utf8)
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The template with its placeholders renamed by `mapping` (`["code": "pin"]`).
    ///
    /// Every name the template uses must be mapped, to a valid name; slots no placeholder uses are
    /// dropped. Names that map to the same target share one slot. Slots are numbered in order of
    /// first appearance.
    public func renamed(_ mapping: [String: String]) throws(TemplateConversionError) -> CompiledTemplate {
        var newNames: [String] = []
        var newSlotOfOld: [Int] = Array(repeating: -1, count: slotNames.count)
        var newParts: [Part] = []
        newParts.reserveCapacity(parts.count)
        for part in parts {
            guard case .slot(let slot) = part else {
                newParts.append(part)
                continue
            }
            let old = Int(slot)
            if old >= 0, old < newSlotOfOld.count, newSlotOfOld[old] >= 0 {
                newParts.append(.slot(Int32(truncatingIfNeeded: newSlotOfOld[old])))
                continue
            }
            let oldName = name(ofSlot: old)
            guard let target = mapping[oldName] else { throw .unmappedName(oldName) }
            guard TemplateParser.isValidName(target) else {
                throw .invalidMappedName(source: oldName, target: target)
            }
            let newSlot: Int
            if let existing = newNames.firstIndex(of: target) {
                newSlot = existing
            } else {
                newNames.append(target)
                newSlot = newNames.count - 1
            }
            if old >= 0, old < newSlotOfOld.count { newSlotOfOld[old] = newSlot }
            newParts.append(.slot(Int32(truncatingIfNeeded: newSlot)))
        }
        return CompiledTemplate(slotNames: newNames, literalBytes: literalBytes, parts: newParts)
    }

    /// The template written in `dialect` with its placeholders renamed by `mapping`.
    public func source(in dialect: TemplateDialect, renaming mapping: [String: String])
        throws(TemplateConversionError) -> String
    {
        try renamed(mapping).source(in: dialect)
    }

    /// A template from its parts (used by renaming).
    init(slotNames: [String], literalBytes: [UInt8], parts: [Part]) {
        self.slotNames = slotNames
        self.literalBytes = literalBytes
        self.parts = parts
    }
}

extension TemplateDialect {
    /// Converts `text` written in `source` into the same template written in `target`, e.g. a stored
    /// `Hello <fn>` (``angle``) into the `Hello {fn}` Veratad's `message` field expects
    /// (``singleBrace``). With a `mapping`, placeholders are renamed on the way and every name must
    /// be mapped.
    public static func convert(
        _ text: String,
        from source: TemplateDialect,
        to target: TemplateDialect,
        renaming mapping: [String: String]? = nil
    ) throws(TemplateConversionError) -> String {
        let template: CompiledTemplate
        do {
            template = try CompiledTemplate(text, dialect: source)
        } catch {
            throw .invalidSource(error)
        }
        guard let mapping else { return template.source(in: target) }
        return try template.source(in: target, renaming: mapping)
    }

    /// Writes `segments` as text in this dialect (literal text escaped). Placeholder names are
    /// written as given; invalid names make text that does not parse.
    public func source(for segments: [TemplateSegment]) -> String {
        var output: [UInt8] = []
        for segment in segments {
            switch segment {
            case .literal(let text):
                var text = text
                text.withUTF8 { appendEscaped($0, to: &output) }
            case .placeholder(let name):
                output.append(contentsOf: openingDelimiter.utf8)
                output.append(contentsOf: name.utf8)
                output.append(contentsOf: closingDelimiter.utf8)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends literal bytes escaped for this dialect.
    ///
    /// Single-character delimiters are doubled (`{` → `{{`). In the double dialects a run of `k`
    /// delimiter bytes is written as `k / 2` quadruples plus one single byte if `k` is odd, which
    /// the parser reads back as `k` bytes whatever follows (a placeholder included).
    func appendEscaped(_ literal: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        switch self {
        case .singleBrace: Self.appendDoubling(literal, 0x7B, 0x7D, to: &output)
        case .angle: Self.appendDoubling(literal, 0x3C, 0x3E, to: &output)
        case .dollarBrace: Self.appendDoubling(literal, 0x24, 0x24, to: &output)
        case .doubleBrace: Self.appendRuns(literal, 0x7B, 0x7D, to: &output)
        case .doubleDollar: Self.appendRuns(literal, 0x24, 0x24, to: &output)
        }
    }

    private static func appendDoubling(
        _ literal: UnsafeBufferPointer<UInt8>,
        _ a: UInt8,
        _ b: UInt8,
        to output: inout [UInt8]
    ) {
        for byte in literal {
            output.append(byte)
            if byte == a || byte == b { output.append(byte) }
        }
    }

    private static func appendRuns(
        _ literal: UnsafeBufferPointer<UInt8>,
        _ a: UInt8,
        _ b: UInt8,
        to output: inout [UInt8]
    ) {
        var index = 0
        let count = literal.count
        while index < count {
            let byte = literal[index]
            guard byte == a || byte == b else {
                output.append(byte)
                index += 1
                continue
            }
            var length = 0
            while index + length < count, literal[index + length] == byte { length += 1 }
            for _ in 0..<(length / 2) {
                for _ in 0..<4 { output.append(byte) }
            }
            if length % 2 == 1 { output.append(byte) }
            index += length
        }
    }
}
