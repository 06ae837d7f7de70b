public import Hummingbird
public import NIOCore

/// The request context of every route: the client's address (for throttles and logs) and the
/// 64 KiB bound on request bodies (a larger body is answered 413 before it is read further).
public struct ServerContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The client's address, when the connection has one.
    public let remoteAddress: SocketAddress?

    /// The largest request body read, in bytes.
    public static let maximumBodyBytes = 64 * 1024

    /// Creates the context for a request on `source`'s connection.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// 64 KiB.
    public var maxUploadSize: Int { Self.maximumBodyBytes }

    /// The client's IP address as text, without the port.
    var clientAddress: String? { remoteAddress?.ipAddress }
}
