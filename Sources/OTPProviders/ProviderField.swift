/// A field of a provider request, named by its JSON path (`target.phone`, `received_code`).
///
/// A struct with one static member per field rather than an enum, so that the fields of a
/// provider added later are new members, not new cases that would break a user's exhaustive
/// `switch`. Compare with `==` or match in a `switch` with `case .targetPhone:` (an expression
/// pattern), and read ``path`` for the name.
public struct ProviderField: Sendable, Hashable {
    /// The path without an element index (a literal: making one allocates nothing).
    private let base: String
    /// The element of an array field, when the issue is about one element.
    public let index: Int?

    private init(_ base: String, index: Int? = nil) {
        self.base = base
        self.index = index
    }

    /// PhoneMatch `user`.
    public static let user = ProviderField("user")
    /// PhoneMatch `pass`.
    public static let pass = ProviderField("pass")
    /// PhoneMatch `service`.
    public static let service = ProviderField("service")
    /// PhoneMatch `target.fn`.
    public static let targetFirstName = ProviderField("target.fn")
    /// PhoneMatch `target.ln`.
    public static let targetLastName = ProviderField("target.ln")
    /// PhoneMatch `target.phone`.
    public static let targetPhone = ProviderField("target.phone")
    /// PhoneMatch `options.outofband.message`.
    public static let outOfBandMessage = ProviderField("options.outofband.message")
    /// PhoneMatch `options.outofband.do_not_send_to_types`, or one element of it.
    public static func doNotSendToTypes(index: Int?) -> ProviderField {
        ProviderField("options.outofband.do_not_send_to_types", index: index)
    }
    /// PhoneMatch `options.outofband.country.blacklist`, or one element of it.
    public static func countryBlacklist(index: Int?) -> ProviderField {
        ProviderField("options.outofband.country.blacklist", index: index)
    }
    /// PhoneMatch `options.outofband.country.whitelist`, or one element of it.
    public static func countryWhitelist(index: Int?) -> ProviderField {
        ProviderField("options.outofband.country.whitelist", index: index)
    }
    /// PhoneMatch continue request `token`.
    public static let token = ProviderField("token")
    /// PhoneMatch continue request `codematch.key`.
    public static let codeMatchKey = ProviderField("codematch.key")
    /// iDenfy send-sms `phone_number`.
    public static let phoneNumber = ProviderField("phone_number")
    /// iDenfy send-sms `sender_name`.
    public static let senderName = ProviderField("sender_name")
    /// iDenfy verify-sms `request_id`.
    public static let requestID = ProviderField("request_id")
    /// iDenfy verify-sms `received_code`.
    public static let receivedCode = ProviderField("received_code")
    /// iDenfy basic-auth user name (the API key).
    public static let apiKey = ProviderField("api_key")
    /// iDenfy basic-auth password (the API secret).
    public static let apiSecret = ProviderField("api_secret")

    /// The field's JSON path, e.g. `options.outofband.country.whitelist[0]`.
    public var path: String {
        guard let index else { return base }
        return base + "[" + String(index) + "]"
    }
}

extension ProviderField: CustomStringConvertible {
    /// The JSON path.
    public var description: String { path }
}
