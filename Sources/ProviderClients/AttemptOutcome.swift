/// What one HTTP exchange gave.
enum AttemptOutcome: Sendable {
    /// An answer, with its whole body.
    case answered(status: Int, body: [UInt8])
    /// No connection was made, so nothing was written; `retryable` is false for failures that
    /// another attempt cannot change (a bad URL).
    case notConnected(reason: String, retryable: Bool)
    /// The connection failed once the request may have been written.
    case failedAfterWrite(reason: String)
    /// The read or total timeout ran out.
    case timedOut(TimeoutPhase)
    /// The task was cancelled.
    case cancelled
}
