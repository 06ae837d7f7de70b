/// The `meta` object of every PhoneMatch5.0 response: which transaction this was.
public struct PhoneMatchMeta: Sendable, Hashable, Codable {
    /// `confirmation`: the provider's transaction number, e.g. `57984073`.
    public var confirmation: Int
    /// `reference`: the request's reference; `null` in the continue response sample.
    public var reference: String?
    /// `service`: e.g. `PhoneMatch5.0.SMS`.
    public var service: PhoneMatchService
    /// `timestamp`: as written by the provider, e.g. `2019-01-07 12:35:09` (no time zone given).
    public var timestamp: String
    /// `company`: the account's company.
    public var company: String
    /// `user`: the API user.
    public var user: String

    /// Creates a meta object.
    public init(
        confirmation: Int, reference: String?, service: PhoneMatchService, timestamp: String,
        company: String, user: String
    ) {
        self.confirmation = confirmation
        self.reference = reference
        self.service = service
        self.timestamp = timestamp
        self.company = company
        self.user = user
    }

    /// Writes every field; a missing `reference` is written as `null`, as the samples show it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(confirmation, forKey: .confirmation)
        try container.encode(reference, forKey: .reference)
        try container.encode(service, forKey: .service)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encode(company, forKey: .company)
        try container.encode(user, forKey: .user)
    }
}
