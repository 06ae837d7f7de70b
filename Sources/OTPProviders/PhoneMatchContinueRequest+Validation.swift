extension PhoneMatchContinueRequest {
    /// Every rule the request breaks: `token` and `codematch.key` are required. The documents give
    /// no length or alphabet for the key (their sample is `12345`), so none is enforced.
    public func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if token.isEmpty { issues.append(ValidationIssue(field: .token, rule: .required)) }
        if codeMatch.key?.isEmpty ?? true {
            issues.append(ValidationIssue(field: .codeMatchKey, rule: .required))
        }
        return issues
    }
}
