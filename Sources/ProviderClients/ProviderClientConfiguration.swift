public import AsyncHTTPClient
import NIOCore

/// Settings shared by ``PhoneMatchClient`` and ``IdenfyClient``.
public struct ProviderClientConfiguration: Sendable {
    /// Connect, read and total timeouts.
    public var timeouts: ProviderTimeouts
    /// Automatic repeats (only where no message can have gone out).
    public var retry: RetryPolicy
    /// The largest answer body read, in bytes (default 1 MiB); a longer one is a transport error.
    public var maximumBodyBytes: Int
    /// Headers added to every request, e.g. `Dialtone-Sandbox-Fault` against the sandbox, or a
    /// tracing header. Not for credentials (they would not be redacted from logs).
    public var extraHeaders: [(name: String, value: String)]

    /// Creates settings.
    public init(
        timeouts: ProviderTimeouts = ProviderTimeouts(), retry: RetryPolicy = RetryPolicy(),
        maximumBodyBytes: Int = 1 << 20, extraHeaders: [(name: String, value: String)] = []
    ) {
        self.timeouts = timeouts
        self.retry = retry
        self.maximumBodyBytes = maximumBodyBytes
        self.extraHeaders = extraHeaders
    }

    /// An `HTTPClient` configuration that matches these settings: the connect and read
    /// timeouts, no redirects (a redirect would resend credentials elsewhere), and failed
    /// connections reported at once rather than retried inside the pool (the clients retry
    /// them, counted and bounded by ``RetryPolicy``).
    public func httpClientConfiguration() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.timeAmount(timeouts.connect), read: Self.timeAmount(timeouts.read)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
