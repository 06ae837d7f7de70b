/// One rule one field breaks. Never carries the field's value, so secrets cannot leak through it.
public struct ValidationIssue: Sendable, Hashable {
    /// The field, by JSON path.
    public let field: ProviderField
    /// The rule it breaks.
    public let rule: ValidationRule

    /// Creates an issue.
    public init(field: ProviderField, rule: ValidationRule) {
        self.field = field
        self.rule = rule
    }

    /// A readable sentence, e.g. `received_code must be exactly 4 characters`.
    public var message: String { field.path + " " + rule.description }
}

extension ValidationIssue: CustomStringConvertible {
    /// The readable message.
    public var description: String { message }
}
