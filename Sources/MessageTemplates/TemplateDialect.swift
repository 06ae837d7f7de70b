/// The placeholder syntax a template's text is written in.
///
/// A dialect matters only when text is compiled or written out: a ``CompiledTemplate`` is
/// dialect-free, so rendering costs the same whatever the dialect. Names are always ASCII letters,
/// digits and `_`, not starting with a digit, at most ``TemplateParser/maximumNameBytes`` bytes, with
/// no spaces inside the delimiters. Each dialect writes its own delimiters literally by doubling
/// them; every other character, in any script, is literal text.
public enum TemplateDialect: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `{name}` — the Veratad PhoneMatch `message` syntax and the default.
    ///
    /// Literal `{` is written `{{` and literal `}` is written `}}`; a lone `}` is an error
    /// (``TemplateError/strayClosingDelimiter(at:)``). So `{{fn}}` is the literal text `{fn}`.
    case singleBrace = "single_brace"

    /// `<name>` — the syntax of internal systems.
    ///
    /// Literal `<` is written `<<` and literal `>` is written `>>`; a lone `>` is an error.
    case angle = "angle"

    /// `{{name}}` — the Sinch / AWS (`{{CODE}}`, `{{otp}}`) syntax.
    ///
    /// There is no HTML escaping in SMS, so `{{{name}}}` is not special: it is a literal `{`, the
    /// placeholder `{{name}}` and a literal `}`. A single `{` or `}` is literal. Literal `{{` is
    /// written `{{{{` and literal `}}` is written `}}}}` (the delimiter doubled); a `}}` outside a
    /// placeholder that is not part of `}}}}` is an error. Read left to right: four `{` are a
    /// literal `{{`, three `{` before a name are a literal `{` and an opening `{{`.
    case doubleBrace = "double_brace"

    /// `${name}` — the Plivo (`${brand_name}`) syntax.
    ///
    /// Literal `$` is written `$$` (so literal `${` is `$${`); a `$` followed by anything other than
    /// `$` or `{` is also a literal `$`, so `$5` needs no escaping. `{` and `}` outside a placeholder
    /// are literal.
    case dollarBrace = "dollar_brace"

    /// `$$name$$` — the Telesign (`$$CODE$$`) syntax.
    ///
    /// A single `$` is literal. Literal `$$` is written `$$$$`; three `$` before a name are a literal
    /// `$` and an opening `$$`. The opening and closing delimiters are the same, so there is no stray
    /// closing delimiter and no empty name (`$$$$` is the escape).
    case doubleDollar = "double_dollar"

    /// The dialect's identifier (`single_brace`, `angle`, `double_brace`, `dollar_brace`,
    /// `double_dollar`).
    public var description: String { rawValue }

    /// The opening delimiter, e.g. `{` or `${`.
    public var openingDelimiter: String {
        switch self {
        case .singleBrace: "{"
        case .angle: "<"
        case .doubleBrace: "{{"
        case .dollarBrace: "${"
        case .doubleDollar: "$$"
        }
    }

    /// The closing delimiter, e.g. `}` or `$$`.
    public var closingDelimiter: String {
        switch self {
        case .singleBrace: "}"
        case .angle: ">"
        case .doubleBrace: "}}"
        case .dollarBrace: "}"
        case .doubleDollar: "$$"
        }
    }

    /// The placeholder for `name` written in this dialect, e.g. `{{otp}}`.
    public func placeholder(_ name: String) -> String {
        openingDelimiter + name + closingDelimiter
    }
}
