/// A request that breaks one or more rules, with every issue (not only the first).
public struct ValidationFailure: Error, Sendable, Hashable {
    /// Every issue found, in field order.
    public let issues: [ValidationIssue]

    /// Creates a failure.
    public init(issues: [ValidationIssue]) {
        self.issues = issues
    }
}

extension ValidationFailure: CustomStringConvertible {
    /// Every issue's message, separated by `; `.
    public var description: String {
        issues.map(\.message).joined(separator: "; ")
    }
}
