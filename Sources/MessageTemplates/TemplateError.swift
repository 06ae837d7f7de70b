/// A position in a template's source text.
///
/// `offset` is the UTF-8 byte offset from the start of the text (0-based). `line` and `column` are
/// 1-based; lines are separated by LF (U+000A) and columns count Unicode scalars, so a column is
/// what an editor shows for text without combining marks.
public struct TemplateLocation: Sendable, Hashable, CustomStringConvertible {
    /// UTF-8 byte offset from the start of the source (0-based).
    public let offset: Int
    /// Line number (1-based, LF-separated).
    public let line: Int
    /// Column in Unicode scalars (1-based).
    public let column: Int

    /// Creates a location from its three coordinates.
    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// Computes line and column of `offset` in `bytes` (only done when an error is reported).
    init(offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var column = 1
        var index = 0
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        self.init(offset: offset, line: line, column: column)
    }

    /// `line:column (byte offset)`, e.g. `1:7 (byte 6)`.
    public var description: String { "\(line):\(column) (byte \(offset))" }
}

/// Why a template's text could not be compiled.
///
/// One case per rule. Every case that concerns a place in the text carries its ``TemplateLocation``.
public enum TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is longer than ``TemplateParser/maximumTemplateBytes`` UTF-8 bytes.
    case inputTooLong(byteCount: Int, limit: Int)
    /// An opening delimiter whose placeholder reaches the end of the text without its closing
    /// delimiter; the location is the opening delimiter's.
    case unclosedPlaceholder(at: TemplateLocation)
    /// A closing delimiter outside any placeholder that is not written as its literal escape
    /// (e.g. a lone `}` in the single-brace dialect, where a literal `}` is written `}}`).
    case strayClosingDelimiter(at: TemplateLocation)
    /// A placeholder with no name, such as `{}`; the location is the opening delimiter's.
    case emptyName(at: TemplateLocation)
    /// A character that is not an ASCII letter, digit or `_` where a name or its closing
    /// delimiter was expected.
    case invalidNameCharacter(Unicode.Scalar, at: TemplateLocation)
    /// A name whose first character is a digit; the location is the digit's.
    case nameStartsWithDigit(at: TemplateLocation)
    /// A name longer than ``TemplateParser/maximumNameBytes``; the location is the name's first byte.
    case nameTooLong(limit: Int, at: TemplateLocation)
    /// A name that the schema the template was compiled against does not define; the location is
    /// the name's first byte.
    case unknownName(String, at: TemplateLocation)

    /// Where in the text the rule was broken (`nil` only for ``inputTooLong(byteCount:limit:)``).
    public var location: TemplateLocation? {
        switch self {
        case .inputTooLong: nil
        case .unclosedPlaceholder(let at), .strayClosingDelimiter(let at), .emptyName(let at),
            .invalidNameCharacter(_, let at), .nameStartsWithDigit(let at), .nameTooLong(_, let at),
            .unknownName(_, let at):
            at
        }
    }

    /// A stable snake_case identifier of the rule, for logs and API responses.
    public var identifier: String {
        switch self {
        case .inputTooLong: "input_too_long"
        case .unclosedPlaceholder: "unclosed_placeholder"
        case .strayClosingDelimiter: "stray_closing_delimiter"
        case .emptyName: "empty_name"
        case .invalidNameCharacter: "invalid_name_character"
        case .nameStartsWithDigit: "name_starts_with_digit"
        case .nameTooLong: "name_too_long"
        case .unknownName: "unknown_name"
        }
    }

    /// A one-line English explanation with the position.
    public var description: String {
        switch self {
        case .inputTooLong(let byteCount, let limit):
            "template is \(byteCount) bytes; the limit is \(limit)"
        case .unclosedPlaceholder(let at):
            "placeholder opened at \(at) is not closed"
        case .strayClosingDelimiter(let at):
            "closing delimiter at \(at) outside a placeholder (write it doubled for a literal)"
        case .emptyName(let at):
            "placeholder at \(at) has no name"
        case .invalidNameCharacter(let scalar, let at):
            "character U+\(String(scalar.value, radix: 16, uppercase: true)) at \(at) is not allowed in a name"
        case .nameStartsWithDigit(let at):
            "name at \(at) starts with a digit"
        case .nameTooLong(let limit, let at):
            "name at \(at) is longer than \(limit) bytes"
        case .unknownName(let name, let at):
            "unknown name '\(name)' at \(at)"
        }
    }
}
