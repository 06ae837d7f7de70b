/// One piece of a template's structure, independent of dialect.
///
/// A parsed template is a list of segments in which literal text is already unescaped, adjacent
/// literal text is merged into one segment and no literal segment is empty.
public enum TemplateSegment: Sendable, Hashable, CustomStringConvertible {
    /// Text copied to the output verbatim.
    case literal(String)
    /// A placeholder that a value replaces when rendering.
    case placeholder(String)

    /// A debugging form: literals quoted, placeholders as `<name>`.
    public var description: String {
        switch self {
        case .literal(let text): "\"\(text)\""
        case .placeholder(let name): "<\(name)>"
        }
    }
}

extension [TemplateSegment] {
    /// The same segments with adjacent literals merged and empty literals removed.
    public func normalized() -> [TemplateSegment] {
        var result: [TemplateSegment] = []
        result.reserveCapacity(count)
        var pending: String? = nil
        for segment in self {
            switch segment {
            case .literal(let text):
                if !text.isEmpty { pending = (pending ?? "") + text }
            case .placeholder:
                if let text = pending {
                    result.append(.literal(text))
                    pending = nil
                }
                result.append(segment)
            }
        }
        if let text = pending { result.append(.literal(text)) }
        return result
    }
}
