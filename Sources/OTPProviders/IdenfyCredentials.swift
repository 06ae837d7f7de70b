/// iDenfy's API key and secret, sent as HTTP basic authentication (RFC 7617): the user name is
/// the key, the password the secret. The secret never shows in descriptions, dumps or errors.
public struct IdenfyCredentials: Sendable, Hashable {
    /// The API key (the basic-auth user name).
    public var apiKey: String
    /// The API secret (the basic-auth password).
    public var apiSecret: Secret

    /// Creates credentials.
    public init(apiKey: String, apiSecret: Secret) {
        self.apiKey = apiKey
        self.apiSecret = apiSecret
    }

    /// The `Authorization: Basic base64(key:secret)` header (RFC 7617, section 2).
    public var authorization: BasicAuthorization {
        var credentials = Array(apiKey.utf8)
        credentials.append(UInt8(ascii: ":"))
        credentials.append(contentsOf: apiSecret.reveal().utf8)
        return BasicAuthorization(value: Secret("Basic " + Base64.encode(credentials)))
    }

    /// Every rule the credentials break: both required; the key may not contain `:` (RFC 7617).
    public func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if apiKey.isEmpty { issues.append(ValidationIssue(field: .apiKey, rule: .required)) }
        if apiKey.utf8.contains(UInt8(ascii: ":")) {
            issues.append(ValidationIssue(field: .apiKey, rule: .noColon))
        }
        if apiSecret.isEmpty { issues.append(ValidationIssue(field: .apiSecret, rule: .required)) }
        return issues
    }
}

extension IdenfyCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    /// The key with the secret redacted.
    public var description: String { "IdenfyCredentials(apiKey: \(apiKey), apiSecret: <redacted>)" }
    /// The key with the secret redacted.
    public var debugDescription: String { description }
}

/// An HTTP `Authorization` header whose value is a credential: redacted in every description.
public struct BasicAuthorization: Sendable, Hashable {
    /// The header's name, `Authorization`.
    public static let headerName = "Authorization"
    /// The header's value, `Basic ...` (a ``Secret``: call `reveal()` to set the header).
    public let value: Secret

    /// Wraps a header value.
    public init(value: Secret) {
        self.value = value
    }
}

extension BasicAuthorization: CustomStringConvertible, CustomDebugStringConvertible {
    /// `Authorization: Basic <redacted>`.
    public var description: String { "Authorization: Basic <redacted>" }
    /// `Authorization: Basic <redacted>`.
    public var debugDescription: String { description }
}
