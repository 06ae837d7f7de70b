/// A 2xx answer whose body is not the documented JSON (malformed, truncated, wrong shape).
public struct UndecodableResponse: Sendable, Hashable {
    /// The HTTP status code.
    public let status: Int
    /// The body exactly as received (it may hold a token: do not log it).
    public let body: [UInt8]
    /// What the decoder said, without any value from the body.
    public let reason: String

    /// Creates the value.
    public init(status: Int, body: [UInt8], reason: String) {
        self.status = status
        self.body = body
        self.reason = reason
    }
}

extension UndecodableResponse: CustomStringConvertible {
    /// The status, the body's size and the decoder's reason; never the body.
    public var description: String {
        "HTTP \(status) with a body that is not the expected JSON (\(body.count) bytes): \(reason)"
    }
}
