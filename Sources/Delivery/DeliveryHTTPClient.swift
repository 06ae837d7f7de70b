public import AsyncHTTPClient
import NIOCore

/// The HTTP client the channels send with.
public enum DeliveryHTTPClient {
    /// A client whose failed connection attempts fail at once (the channels' own backoff does
    /// the retrying, and knows that nothing was sent), with a 2-second connect timeout and no
    /// redirects. Shut it down when done.
    public static func make() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(2)
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
