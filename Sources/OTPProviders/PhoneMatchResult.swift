/// The `result` object of every PhoneMatch5.0 response: the outcome and its reason.
public struct PhoneMatchResult: Sendable, Hashable, Codable {
    /// `action`: `PASS`, `PENDING` or `FAIL`.
    public var action: PhoneMatchAction
    /// `detail`: why, e.g. `DATA CHECK FAILED`.
    public var detail: PhoneMatchDetail
    /// `issues`: an array whose elements the documents never show (always `[]` in the samples).
    public var issues: [JSONValue]

    /// Creates a result.
    public init(action: PhoneMatchAction, detail: PhoneMatchDetail, issues: [JSONValue] = []) {
        self.action = action
        self.detail = detail
        self.issues = issues
    }
}
