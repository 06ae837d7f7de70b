/// Why a template could not be rendered with the values given.
public enum TemplateRenderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The template uses a slot that has no value (never rendered as an empty string).
    case missingValue(slot: Int, name: String)
    /// The caller's buffer has fewer bytes than the rendering needs.
    case bufferTooSmall(required: Int, available: Int)

    /// A stable snake_case identifier of the rule.
    public var identifier: String {
        switch self {
        case .missingValue: "missing_value"
        case .bufferTooSmall: "buffer_too_small"
        }
    }

    /// A one-line English explanation.
    public var description: String {
        switch self {
        case .missingValue(let slot, let name): "no value for '\(name)' (slot \(slot))"
        case .bufferTooSmall(let required, let available):
            "rendering needs \(required) bytes; the buffer has \(available)"
        }
    }
}
