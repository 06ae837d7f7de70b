public import Verification

/// Where Kannel sends delivery reports: the server's report route, with a signed query per
/// message and Kannel's `%d` (the report type) appended.
public struct KannelReportCallback: Sendable {
    /// The route's absolute URL as Kannel reaches it, e.g.
    /// `http://127.0.0.1:8080/delivery/kannel/report`.
    public var url: String
    /// Signs each message's URL.
    public var signer: DeliveryReportSigner

    /// Creates a callback.
    public init(url: String, signer: DeliveryReportSigner) {
        self.url = url
        self.signer = signer
    }

    /// The `dlr-mask` asked for: delivered to the handset (1), not delivered (2), refused by the
    /// SMSC (16).
    public static let mask = 1 | 2 | 16

    /// The `dlr-url` for `message`: `URL?v=VERIFICATION&m=MESSAGE&k=sms&s=SIGNATURE&type=%d`.
    public func reportURL(for message: OutboundMessage) -> String {
        let signature = signer.signature(
            verificationID: message.verificationID, messageID: message.id, kind: message.kind)
        let query = [
            ("v", message.verificationID), ("m", message.id), ("k", message.kind.rawValue), ("s", signature),
        ]
        .map { "\($0.0)=\(FormEncoding.escape($0.1))" }
        .joined(separator: "&")
        return url + (url.contains("?") ? "&" : "?") + query + "&type=%d"
    }
}
