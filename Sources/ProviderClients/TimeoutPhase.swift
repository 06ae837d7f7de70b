/// Which limit of ``ProviderTimeouts`` a call ran into.
public enum TimeoutPhase: Sendable, Hashable {
    /// No byte of the answer arrived within the read timeout (waiting for the head, or between
    /// two parts of the body).
    case read
    /// The whole call (every attempt and backoff) took longer than the total timeout.
    case total

    /// A stable snake_case name: `read` or `total`.
    public var identifier: String {
        switch self {
        case .read: "read"
        case .total: "total"
        }
    }
}
