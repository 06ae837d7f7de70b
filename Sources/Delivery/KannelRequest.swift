import MessageTemplates
import Verification

/// One `sendsms` request for a message. The encoding is MessageTemplates' SMS analysis of the
/// text: a GSM-7 text goes as it is (Kannel's default 7-bit coding, the text in UTF-8); any other
/// text goes with `coding=2` (UCS-2) and `charset=UTF-8`. Kannel splits a long text into
/// concatenated parts itself (the `sendsms-user`'s `concatenation` and `max-messages`).
struct KannelRequest: Sendable, Hashable {
    /// The full URL, credentials and text included: never logged.
    var url: String
    /// The encoding the text goes in.
    var encoding: SMSEncoding
    /// The parts the text takes.
    var parts: Int

    static func make(for message: OutboundMessage, configuration: KannelConfiguration) throws(DeliveryFailure)
        -> KannelRequest
    {
        let analysis = SMSAnalysis(message.text)
        guard analysis.segments <= configuration.maximumParts else {
            throw .refused("too_many_parts")
        }
        var pairs = [
            ("username", configuration.username), ("password", configuration.password),
            ("from", message.sender ?? configuration.defaultSender), ("to", message.to),
            ("text", message.text),
        ]
        if analysis.encoding == .ucs2 {
            pairs += [("coding", "2"), ("charset", "UTF-8")]
        }
        let base = configuration.sendsmsURL
        var url = base + (base.contains("?") ? "&" : "?") + FormEncoding.query(pairs)
        if let reports = configuration.reports {
            url +=
                "&dlr-mask=\(KannelReportCallback.mask)&dlr-url="
                + FormEncoding.escape(reports.reportURL(for: message))
        }
        return KannelRequest(url: url, encoding: analysis.encoding, parts: analysis.segments)
    }
}
