import Crypto

/// Signs webhook bodies: the `Dialtone-Signature` header is `t=TIMESTAMP,v1=SIGNATURE`, where
/// TIMESTAMP is the sending time in Unix seconds and SIGNATURE the lower-case hexadecimal
/// HMAC-SHA256, keyed with the webhook secret, of `TIMESTAMP.BODY` (the timestamp's digits, a
/// full stop, then the body's bytes as sent). ``WebhookVerifier`` checks it on the receiving side.
public struct WebhookSigner: Sendable {
    /// The header's name.
    public static let headerName = "Dialtone-Signature"
    /// The header naming the event, for de-duplication (the body's `event_id` too).
    public static let eventIDHeaderName = "Dialtone-Event-Id"

    private let key: SymmetricKey

    /// A signer with the shared webhook secret.
    public init(secret: [UInt8]) {
        key = SymmetricKey(data: secret)
    }

    /// The header value for `body` sent at `timestamp` (Unix seconds).
    public func header(body: [UInt8], timestamp: Int64) -> String {
        "t=\(timestamp),v1=\(signature(body: body, timestamp: timestamp))"
    }

    /// The hexadecimal HMAC of `TIMESTAMP.BODY`.
    func signature(body: [UInt8], timestamp: Int64) -> String {
        Hex.encode(mac(body: body, timestamp: timestamp))
    }

    func mac(body: [UInt8], timestamp: Int64) -> [UInt8] {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Array("\(timestamp).".utf8))
        hmac.update(data: body)
        return Array(hmac.finalize())
    }
}
