/// Text → segments: the first phase of compiling a template.
///
/// The parser works on UTF-8 bytes. Only ASCII delimiter bytes are special, so literal text in any
/// script is copied without decoding. Errors are ``TemplateError`` values carrying the byte offset,
/// line and column of the first broken rule; nothing in the parser traps on any input.
public enum TemplateParser {
    /// The longest template text accepted, in UTF-8 bytes (inputs are bounded before parsing).
    public static let maximumTemplateBytes = 65_536

    /// The longest name accepted, in bytes.
    public static let maximumNameBytes = 64

    /// Parses `text` written in `dialect` into normalized segments (see ``TemplateSegment``).
    public static func parse(
        _ text: String,
        dialect: TemplateDialect = .singleBrace
    ) throws(TemplateError) -> [TemplateSegment] {
        try UTF8Scalars.withBytes(of: text) { (source) throws(TemplateError) -> [TemplateSegment] in
            let scan = try scan(source, dialect: dialect)
            return scan.parts.map { part in
                switch part {
                case .literal(let start, let end):
                    let text = scan.literal.withUnsafeBufferPointer { literal in
                        String(decoding: UnsafeBufferPointer(rebasing: literal[start..<end]), as: UTF8.self)
                    }
                    return .literal(text)
                case .name(let start, let end):
                    return .placeholder(
                        String(decoding: UnsafeBufferPointer(rebasing: source[start..<end]), as: UTF8.self))
                }
            }
        }
    }

    /// Whether `name` is a valid placeholder name (ASCII letters, digits, `_`; not starting with a
    /// digit; 1 to ``maximumNameBytes`` bytes).
    public static func isValidName(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard let first = utf8.first, utf8.count <= maximumNameBytes, !isDigit(first) else { return false }
        return utf8.allSatisfy(isNameByte)
    }

    // MARK: - Scanner

    /// One part found by the scanner: literal bytes (a range of `ScanResult.literal`) or a name (a
    /// range of the source).
    enum ScannedPart {
        case literal(start: Int, end: Int)
        case name(start: Int, end: Int)
    }

    /// The scanner's output: unescaped literal bytes in one buffer, and the parts in order.
    struct ScanResult {
        var literal: [UInt8]
        var parts: [ScannedPart]
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    static func isNameByte(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return (folded &- 0x61 < 26) || (byte &- 0x30 < 10) || byte == 0x5F
    }

    /// Whether `text` is a well-formed template of `dialect` that uses the placeholder `name`,
    /// decided without allocating.
    ///
    /// The grammar is the one ``parse(_:dialect:)`` and ``CompiledTemplate/init(_:dialect:)`` apply
    /// (the same scanner, without building segments), and the error thrown is the one they throw
    /// for the same text. Names are not checked against any schema.
    ///
    /// ```swift
    /// try TemplateParser.checkTemplate("Your code: {pin}", uses: "pin")   // true
    /// try TemplateParser.checkTemplate("Hello {fn}", uses: "pin")         // false
    /// try TemplateParser.checkTemplate("Hello {fn", uses: "pin")          // throws .unclosedPlaceholder
    /// ```
    public static func checkTemplate(
        _ text: String, dialect: TemplateDialect = .singleBrace, uses name: String
    ) throws(TemplateError) -> Bool {
        let result = UTF8Scalars.withBytes(of: name) { wanted -> Result<Bool, TemplateError> in
            do throws(TemplateError) {
                return .success(
                    try UTF8Scalars.withBytes(of: text) { (source) throws(TemplateError) -> Bool in
                        try check(source, dialect: dialect, uses: wanted)
                    })
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Checks UTF-8 `source` (see ``checkTemplate(_:dialect:uses:)``): the scanner in its
    /// non-recording mode, which keeps no literal bytes and no parts.
    static func check(
        _ source: UnsafeBufferPointer<UInt8>, dialect: TemplateDialect, uses name: UnsafeBufferPointer<UInt8>
    ) throws(TemplateError) -> Bool {
        guard source.count <= maximumTemplateBytes else {
            throw .inputTooLong(byteCount: source.count, limit: maximumTemplateBytes)
        }
        var scanner = Scanner(source: source, recording: false, wanted: name)
        try scanner.scan(dialect)
        return scanner.foundWanted
    }

    /// Scans `source` in `dialect`.
    static func scan(
        _ source: UnsafeBufferPointer<UInt8>,
        dialect: TemplateDialect
    ) throws(TemplateError) -> ScanResult {
        guard source.count <= maximumTemplateBytes else {
            throw .inputTooLong(byteCount: source.count, limit: maximumTemplateBytes)
        }
        var scanner = Scanner(source: source, recording: true, wanted: nil)
        try scanner.scan(dialect)
        scanner.flushLiteral()
        return ScanResult(literal: scanner.literal, parts: scanner.parts)
    }

    /// The scanning state for one text.
    ///
    /// Recording, it collects the unescaped literal bytes and the parts (compiling); otherwise it
    /// only applies the grammar and notes whether the `wanted` name occurs, and never allocates
    /// (``checkTemplate(_:dialect:uses:)``).
    struct Scanner {
        let source: UnsafeBufferPointer<UInt8>
        let recording: Bool
        let wanted: UnsafeBufferPointer<UInt8>?
        var foundWanted = false
        var literal: [UInt8] = []
        var parts: [ScannedPart] = []
        var literalStart = 0

        init(source: UnsafeBufferPointer<UInt8>, recording: Bool, wanted: UnsafeBufferPointer<UInt8>?) {
            self.source = source
            self.recording = recording
            self.wanted = wanted
            if recording { literal.reserveCapacity(source.count) }
        }

        /// Applies the grammar of `dialect` to the whole source.
        mutating func scan(_ dialect: TemplateDialect) throws(TemplateError) {
            switch dialect {
            case .singleBrace: try scanSingle(open: 0x7B, close: 0x7D)
            case .angle: try scanSingle(open: 0x3C, close: 0x3E)
            case .doubleBrace: try scanDouble(open: 0x7B, close: 0x7D)
            case .doubleDollar: try scanDouble(open: 0x24, close: 0x24)
            case .dollarBrace: try scanDollarBrace()
            }
        }

        /// Appends one literal byte (recording only).
        @inline(__always)
        mutating func appendLiteral(_ byte: UInt8) {
            if recording { literal.append(byte) }
        }

        /// Records the name `start..<end` of the source, or notes whether it is the wanted one.
        mutating func found(name start: Int, _ end: Int) {
            if recording {
                flushLiteral()
                parts.append(.name(start: start, end: end))
            } else if !foundWanted, let wanted {
                foundWanted = UnsafeBufferPointer(rebasing: source[start..<end]).elementsEqual(wanted)
            }
        }

        func location(_ offset: Int) -> TemplateLocation { TemplateLocation(offset: offset, in: source) }

        mutating func flushLiteral() {
            if literal.count > literalStart {
                parts.append(.literal(start: literalStart, end: literal.count))
                literalStart = literal.count
            }
        }

        /// Copies the source bytes `start..<end` to the literal buffer.
        mutating func copy(_ start: Int, _ end: Int) {
            if recording && end > start {
                literal.append(contentsOf: UnsafeBufferPointer(rebasing: source[start..<end]))
            }
        }

        /// The end of the run of ordinary bytes starting at `start` (bytes other than `a` and `b`).
        func ordinaryRun(from start: Int, excluding a: UInt8, _ b: UInt8) -> Int {
            var index = start
            let count = source.count
            while index < count {
                let byte = source[index]
                if byte == a || byte == b { break }
                index += 1
            }
            return index
        }

        /// How many copies of `byte` start at `index`, counting at most `limit`.
        func run(of byte: UInt8, at index: Int, limit: Int) -> Int {
            var length = 0
            while length < limit, index + length < source.count, source[index + length] == byte {
                length += 1
            }
            return length
        }

        /// Scans a name starting at `nameStart` that must end with `close` (twice if `double`).
        /// `open` is the offset of the opening delimiter. Records the placeholder and returns the
        /// offset just past the closing delimiter.
        mutating func scanName(open: Int, nameStart: Int, close: UInt8, double: Bool) throws(TemplateError)
            -> Int
        {
            let count = source.count
            if nameStart < count, isDigit(source[nameStart]) {
                throw .nameStartsWithDigit(at: location(nameStart))
            }
            var end = nameStart
            while end < count, isNameByte(source[end]) {
                end += 1
                if end - nameStart > maximumNameBytes {
                    throw .nameTooLong(limit: maximumNameBytes, at: location(nameStart))
                }
            }
            guard end < count else { throw .unclosedPlaceholder(at: location(open)) }
            guard source[end] == close else {
                let scalar = UTF8Scalars.scalar(UTF8Scalars.decode(source, at: end).value)
                throw .invalidNameCharacter(scalar, at: location(end))
            }
            var next = end + 1
            if double {
                guard next < count else { throw .unclosedPlaceholder(at: location(open)) }
                guard source[next] == close else {
                    let scalar = UTF8Scalars.scalar(UTF8Scalars.decode(source, at: end).value)
                    throw .invalidNameCharacter(scalar, at: location(end))
                }
                next += 1
            }
            guard end > nameStart else { throw .emptyName(at: location(open)) }
            found(name: nameStart, end)
            return next
        }

        /// `{name}` and `<name>`: a doubled delimiter is a literal delimiter.
        mutating func scanSingle(open: UInt8, close: UInt8) throws(TemplateError) {
            var index = 0
            let count = source.count
            while index < count {
                let runEnd = ordinaryRun(from: index, excluding: open, close)
                copy(index, runEnd)
                index = runEnd
                guard index < count else { break }
                let byte = source[index]
                if index + 1 < count, source[index + 1] == byte {
                    appendLiteral(byte)
                    index += 2
                } else if byte == close {
                    throw .strayClosingDelimiter(at: location(index))
                } else {
                    index = try scanName(open: index, nameStart: index + 1, close: close, double: false)
                }
            }
        }

        /// `{{name}}` and `$$name$$`: four delimiter bytes are two literal ones, three before a name
        /// are one literal and an opening pair, a single one is literal.
        mutating func scanDouble(open: UInt8, close: UInt8) throws(TemplateError) {
            var index = 0
            let count = source.count
            while index < count {
                let runEnd = ordinaryRun(from: index, excluding: open, close)
                copy(index, runEnd)
                index = runEnd
                guard index < count else { break }
                let byte = source[index]
                let length = run(of: byte, at: index, limit: 4)
                if length == 4 {
                    appendLiteral(byte)
                    appendLiteral(byte)
                    index += 4
                } else if length == 1 {
                    appendLiteral(byte)
                    index += 1
                } else if byte == open {
                    if length == 3 {
                        appendLiteral(byte)
                        index += 1
                    }
                    index = try scanName(open: index, nameStart: index + 2, close: close, double: true)
                } else {
                    throw .strayClosingDelimiter(at: location(index))
                }
            }
        }

        /// `${name}`: `$$` is a literal `$`, `$` before anything but `$` or `{` is literal.
        mutating func scanDollarBrace() throws(TemplateError) {
            let dollar: UInt8 = 0x24
            var index = 0
            let count = source.count
            while index < count {
                let runEnd = ordinaryRun(from: index, excluding: dollar, dollar)
                copy(index, runEnd)
                index = runEnd
                guard index < count else { break }
                let next: UInt8? = index + 1 < count ? source[index + 1] : nil
                if next == dollar {
                    appendLiteral(dollar)
                    index += 2
                } else if next == 0x7B {
                    index = try scanName(open: index, nameStart: index + 2, close: 0x7D, double: false)
                } else {
                    appendLiteral(dollar)
                    index += 1
                }
            }
        }
    }
}
