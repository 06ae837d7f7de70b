/// How to reach a Kannel `smsbox`'s `sendsms` interface (`DIALTONE_KANNEL_*`).
public struct KannelConfiguration: Sendable, CustomStringConvertible {
    /// The `sendsms` URL, e.g. `http://127.0.0.1:13013/cgi-bin/sendsms`
    /// (`DIALTONE_KANNEL_SENDSMS_URL`).
    public var sendsmsURL: String
    /// The `sendsms-user`'s `username` (`DIALTONE_KANNEL_USER`).
    public var username: String
    /// Its `password` (`DIALTONE_KANNEL_PASSWORD`); never logged.
    public var password: String
    /// The `from` of a message whose flow names no sender.
    public var defaultSender: String
    /// Where delivery reports go; nil asks for none.
    public var reports: KannelReportCallback?
    /// The most parts one message may be split into; a longer text is refused before sending.
    /// The `sendsms-user` group needs `concatenation = true` and `max-messages` at least this.
    public var maximumParts: Int
    /// Retries when Kannel cannot be reached or answers 5xx.
    public var retry: RetryPolicy
    /// The longest one `sendsms` request may take.
    public var requestTimeout: Duration

    /// Creates a configuration.
    public init(
        sendsmsURL: String, username: String, password: String, defaultSender: String = "Dialtone",
        reports: KannelReportCallback? = nil, maximumParts: Int = 6, retry: RetryPolicy = RetryPolicy(),
        requestTimeout: Duration = .seconds(10)
    ) {
        self.sendsmsURL = sendsmsURL
        self.username = username
        self.password = password
        self.defaultSender = defaultSender
        self.reports = reports
        self.maximumParts = maximumParts
        self.retry = retry
        self.requestTimeout = requestTimeout
    }

    /// The configuration without its password.
    public var description: String {
        "KannelConfiguration(\(sendsmsURL), user \(username), \(maximumParts) parts at most)"
    }
}
