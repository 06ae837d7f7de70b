/// A template compiled once and rendered many times: immutable, `Sendable` and dialect-free.
///
/// The compiled form is the unescaped literal text in one contiguous UTF-8 buffer plus a short list
/// of parts, each either a range of that buffer or a slot number. Names are resolved to slots at
/// compile time, so rendering never looks at names, delimiters or escapes, and never re-scans a
/// value: a first name of `{pin}` is output as `{pin}`.
///
/// ```swift
/// let schema = try TemplateSchema(["fn", "pin"])
/// let template = try CompiledTemplate("Hello {fn}, your one-time password is {pin}",
///                                     schema: schema)
/// var values = TemplateValues(for: template)
/// values["fn"] = "Ann"; values["pin"] = "123456"
/// let text = try template.render(values)   // one allocation
/// ```
public struct CompiledTemplate: Sendable, Hashable, CustomStringConvertible {
    /// One part of the compiled form.
    package enum Part: Sendable, Hashable {
        /// The literal bytes `start..<end` of ``literalBytes``.
        case literal(start: Int32, end: Int32)
        /// The value of a slot.
        case slot(Int32)
    }

    /// The name of each slot, in slot order: the schema's names, or (without a schema) the names
    /// in order of first appearance.
    public let slotNames: [String]

    /// All literal text, unescaped, as UTF-8, in output order.
    package let literalBytes: [UInt8]

    /// The parts in output order.
    package let parts: [Part]

    /// Compiles `text` written in `dialect`; each distinct name gets a slot in order of first
    /// appearance.
    public init(_ text: String, dialect: TemplateDialect = .singleBrace) throws(TemplateError) {
        self = try UTF8Scalars.withBytes(of: text) { (source) throws(TemplateError) -> CompiledTemplate in
            try CompiledTemplate(source: source, dialect: dialect, schema: nil)
        }
    }

    /// Compiles `text` written in `dialect` against `schema`: every name must be one of the
    /// schema's and its slot is the schema's slot.
    public init(_ text: String, dialect: TemplateDialect = .singleBrace, schema: TemplateSchema)
        throws(TemplateError)
    {
        self = try UTF8Scalars.withBytes(of: text) { (source) throws(TemplateError) -> CompiledTemplate in
            try CompiledTemplate(source: source, dialect: dialect, schema: schema)
        }
    }

    /// Compiles UTF-8 `source` (shared by the public initializers).
    init(source: UnsafeBufferPointer<UInt8>, dialect: TemplateDialect, schema: TemplateSchema?)
        throws(TemplateError)
    {
        let scan = try TemplateParser.scan(source, dialect: dialect)
        var names: [String] = schema?.names ?? []
        var index: [String: Int] = [:]
        var parts: [Part] = []
        parts.reserveCapacity(scan.parts.count)
        for part in scan.parts {
            switch part {
            case .literal(let start, let end):
                parts.append(
                    .literal(start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end)))
            case .name(let start, let end):
                let bytes = UnsafeBufferPointer(rebasing: source[start..<end])
                let slot: Int
                if let schema {
                    guard let found = schema.slot(ofUTF8: bytes) else {
                        throw .unknownName(
                            String(decoding: bytes, as: UTF8.self),
                            at: TemplateLocation(offset: start, in: source))
                    }
                    slot = found
                } else {
                    slot = Self.slot(for: bytes, names: &names, index: &index)
                }
                parts.append(.slot(Int32(truncatingIfNeeded: slot)))
            }
        }
        self.slotNames = names
        self.literalBytes = scan.literal
        self.parts = parts
    }

    /// The slot of the name in `bytes`, adding it if new. Small name sets are searched by bytes;
    /// past 16 names a dictionary keeps compiling linear.
    private static func slot(
        for bytes: UnsafeBufferPointer<UInt8>,
        names: inout [String],
        index: inout [String: Int]
    ) -> Int {
        if names.count <= 16 {
            for (slot, name) in names.enumerated() where name.utf8.count == bytes.count {
                if name.utf8.elementsEqual(bytes) { return slot }
            }
            names.append(String(decoding: bytes, as: UTF8.self))
            if names.count > 16 {
                for (slot, name) in names.enumerated() { index[name] = slot }
            }
            return names.count - 1
        }
        let name = String(decoding: bytes, as: UTF8.self)
        if let slot = index[name] { return slot }
        names.append(name)
        index[name] = names.count - 1
        return names.count - 1
    }

    /// Builds a template from segments whose names are known to be valid (built-in templates).
    /// Names outside `schema` get new slots after the schema's.
    package init(trustedSegments segments: [TemplateSegment], schema: TemplateSchema) {
        var names = schema.names
        var literal: [UInt8] = []
        var parts: [Part] = []
        for segment in segments.normalized() {
            switch segment {
            case .literal(let text):
                let start = literal.count
                literal.append(contentsOf: text.utf8)
                parts.append(
                    .literal(
                        start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: literal.count)
                    ))
            case .placeholder(let name):
                let slot: Int
                if let found = names.firstIndex(of: name) {
                    slot = found
                } else {
                    names.append(name)
                    slot = names.count - 1
                }
                parts.append(.slot(Int32(truncatingIfNeeded: slot)))
            }
        }
        self.slotNames = names
        self.literalBytes = literal
        self.parts = parts
    }

    /// The number of slots (values a ``TemplateValues`` for this template holds).
    public var slotCount: Int { slotNames.count }

    /// The number of literal UTF-8 bytes every rendering outputs.
    public var literalByteCount: Int { literalBytes.count }

    /// The slots the text uses, each once, in order of first appearance.
    public var usedSlots: [Int] {
        var result: [Int] = []
        for case .slot(let slot) in parts where !result.contains(Int(slot)) {
            result.append(Int(slot))
        }
        return result
    }

    /// The dialect-free structure: literal text and placeholder names in order.
    public var segments: [TemplateSegment] {
        literalBytes.withUnsafeBufferPointer { literal in
            parts.map { part in
                switch part {
                case .literal(let start, let end):
                    .literal(
                        String(
                            decoding: UnsafeBufferPointer(rebasing: literal[Int(start)..<Int(end)]),
                            as: UTF8.self))
                case .slot(let slot):
                    .placeholder(name(ofSlot: Int(slot)))
                }
            }
        }
    }

    /// The name of `slot`, or `""` for a slot this template does not have.
    public func name(ofSlot slot: Int) -> String {
        slot >= 0 && slot < slotNames.count ? slotNames[slot] : ""
    }

    /// The slot of `name`, or `nil`.
    public func slot(of name: String) -> Int? {
        slotNames.firstIndex(of: name)
    }

    /// The template written in the default single-brace dialect.
    public var description: String { source(in: .singleBrace) }
}
