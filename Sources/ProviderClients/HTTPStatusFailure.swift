/// A provider answer with a status other than 2xx.
public struct HTTPStatusFailure: Sendable, Hashable {
    /// The HTTP status code, e.g. 503.
    public let status: Int
    /// The body's `error` field when it is JSON with one (Dialtone's error shape), e.g.
    /// `validation_failed`.
    public let errorIdentifier: String?
    /// The first bytes of the body as text, with passwords, secrets, codes and tokens redacted.
    public let bodyExcerpt: String
    /// How many times the call was made before giving up (1 when it is not retried).
    public let attempts: Int

    /// Creates a failure.
    public init(status: Int, errorIdentifier: String?, bodyExcerpt: String, attempts: Int) {
        self.status = status
        self.errorIdentifier = errorIdentifier
        self.bodyExcerpt = bodyExcerpt
        self.attempts = attempts
    }

    /// Whether the status is one the idempotent calls retry: 502, 503 or 504.
    public var isRetryable: Bool { [502, 503, 504].contains(status) }
}

extension HTTPStatusFailure: CustomStringConvertible {
    /// `HTTP 503 (sandbox_fault) after 3 attempts: {…}`.
    public var description: String {
        var text = "HTTP \(status)"
        if let errorIdentifier { text += " (\(errorIdentifier))" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        return text + ": " + bodyExcerpt
    }
}
