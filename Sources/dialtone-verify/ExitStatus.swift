import ProviderClients

/// The exit statuses, sysexits-style like `normalize`'s.
enum ExitStatus {
    /// Sent, or verified.
    static let success: Int32 = 0
    /// The provider answered FAIL, or the code was not verified.
    static let rejected: Int32 = 1
    /// EX_USAGE: bad options.
    static let usage: Int32 = 64
    /// EX_DATAERR: a request that breaks the rules, refused by pre-flight, or an answer that is
    /// not the documented JSON.
    static let data: Int32 = 65
    /// EX_UNAVAILABLE: no connection, or the provider answered 5xx to a call that sends nothing.
    static let unavailable: Int32 = 69
    /// EX_IOERR: the connection or a timeout failed after the request may have been sent.
    static let ioError: Int32 = 74
    /// EX_TEMPFAIL: throttled (429).
    static let temporaryFailure: Int32 = 75
    /// EX_NOPERM: the provider refused the credentials (401, 403).
    static let noPermission: Int32 = 77
    /// EX_CONFIG: credentials missing from the environment.
    static let configuration: Int32 = 78

    /// The status for a client error.
    static func status(for error: ProviderClientError) -> Int32 {
        switch error {
        case .invalidRequest, .preflightRefused, .undecodableResponse: data
        case .connectionFailed: unavailable
        case .transport, .timeout, .cancelled, .outcomeUnknown: ioError
        case .httpStatus(let failure):
            switch failure.status {
            case 401, 403: noPermission
            case 429: temporaryFailure
            case 500...: unavailable
            default: data
            }
        }
    }
}
