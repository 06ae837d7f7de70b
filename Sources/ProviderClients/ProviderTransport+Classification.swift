import AsyncHTTPClient
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ProviderTransport {
    /// Sorts an error of AsyncHTTPClient or SwiftNIO into what it means for a repeat: failures
    /// that certainly came before the request was written, and the rest. An error not known to
    /// come before the write counts as after it (the safe side for a paid call).
    static func classify(_ error: any Error) -> AttemptOutcome {
        if error is CancellationError { return .cancelled }
        if let error = error as? HTTPClientError {
            switch error {
            case .cancelled: return .cancelled
            case .deadlineExceeded: return .timedOut(.total)
            case .readTimeout: return .timedOut(.read)
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout, .socksHandshakeTimeout,
                .httpProxyHandshakeTimeout:
                return .notConnected(reason: "\(error)", retryable: true)
            case .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath, .alreadyShutdown:
                return .notConnected(reason: "\(error)", retryable: false)
            default: return .failedAfterWrite(reason: "\(error)")
            }
        }
        if error is NIOConnectionError { return .notConnected(reason: "\(error)", retryable: true) }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return .notConnected(reason: "\(error)", retryable: true)
        }
        if let error = error as? IOError, connectErrnos.contains(error.errnoCode) {
            return .notConnected(reason: "\(error)", retryable: true)
        }
        if error is SocketAddressError { return .notConnected(reason: "\(error)", retryable: true) }
        return .failedAfterWrite(reason: "\(error)")
    }

    /// `errno` values of a `connect(2)` that did not connect.
    static let connectErrnos: Set<Int32> = [
        ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL, ETIMEDOUT,
    ]
}
