import AsyncHTTPClient
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one HTTP try came to, as a channel's retry loop needs it.
enum SendOutcome: Sendable, Hashable {
    /// The receiver took it.
    case accepted
    /// The receiver refused it and will refuse it again (a 4xx): no retry.
    case refused(String)
    /// It did not get there, or the receiver said so (5xx): safe to try again.
    case retryable(String)
    /// It may have got there but no answer came (a read timeout, a dropped connection):
    /// a retry could send it twice.
    case ambiguous(String)

    /// The outcome of a response status.
    static func status(_ code: UInt) -> SendOutcome {
        switch code {
        case 200..<300: .accepted
        case 408, 429, 500..<600: .retryable("http_\(code)")
        default: .refused("http_\(code)")
        }
    }

    /// The outcome of an error thrown by the HTTP client: connection failures (nothing was
    /// sent) are retryable; anything after the request may have been written is ambiguous.
    static func error(_ error: any Error) -> SendOutcome {
        if error is NIOConnectionError { return .retryable("connection_failed") }
        if let io = error as? IOError {
            return io.errnoCode == ECONNREFUSED || io.errnoCode == ENETUNREACH || io.errnoCode == EHOSTUNREACH
                ? .retryable("connection_failed") : .ambiguous("io_error")
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel {
            return .retryable("connect_timeout")
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout, .getConnectionFromPoolTimeout: return .retryable("connect_timeout")
            case .readTimeout, .deadlineExceeded: return .ambiguous("no_answer")
            case .remoteConnectionClosed: return .ambiguous("connection_closed")
            default: return .ambiguous("http_client_error")
            }
        }
        return .ambiguous("unknown_error")
    }
}
