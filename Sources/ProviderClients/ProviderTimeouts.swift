/// How long a provider call may take.
public struct ProviderTimeouts: Sendable, Hashable {
    /// The longest wait for a connection. It is the `HTTPClient`'s setting (a connection is
    /// shared by calls): ``ProviderClientConfiguration/httpClientConfiguration()`` applies it, and
    /// the clients also wait at most `connect + read` for the first byte of an answer.
    public var connect: Duration
    /// The longest silence once connected: waiting for the answer's head, or between two parts of
    /// its body. Enforced by the clients whatever the `HTTPClient`'s own settings.
    public var read: Duration
    /// The longest a whole call may take, every attempt and backoff included.
    public var total: Duration

    /// Creates timeouts (defaults: connect 5 s, read 10 s, total 30 s).
    public init(
        connect: Duration = .seconds(5), read: Duration = .seconds(10), total: Duration = .seconds(30)
    ) {
        self.connect = connect
        self.read = read
        self.total = total
    }
}
