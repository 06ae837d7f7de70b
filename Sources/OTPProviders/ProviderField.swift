/// A field of a provider request, named by its JSON path (`target.phone`, `received_code`).
public enum ProviderField: Sendable, Hashable {
    /// PhoneMatch `user`.
    case user
    /// PhoneMatch `pass`.
    case pass
    /// PhoneMatch `service`.
    case service
    /// PhoneMatch `target.fn`.
    case targetFirstName
    /// PhoneMatch `target.ln`.
    case targetLastName
    /// PhoneMatch `target.phone`.
    case targetPhone
    /// PhoneMatch `options.outofband.message`.
    case outOfBandMessage
    /// PhoneMatch `options.outofband.do_not_send_to_types`, or one element of it.
    case doNotSendToTypes(index: Int?)
    /// PhoneMatch `options.outofband.country.blacklist`, or one element of it.
    case countryBlacklist(index: Int?)
    /// PhoneMatch `options.outofband.country.whitelist`, or one element of it.
    case countryWhitelist(index: Int?)
    /// PhoneMatch continue request `token`.
    case token
    /// PhoneMatch continue request `codematch.key`.
    case codeMatchKey
    /// iDenfy send-sms `phone_number`.
    case phoneNumber
    /// iDenfy send-sms `sender_name`.
    case senderName
    /// iDenfy verify-sms `request_id`.
    case requestID
    /// iDenfy verify-sms `received_code`.
    case receivedCode
    /// iDenfy basic-auth user name (the API key).
    case apiKey
    /// iDenfy basic-auth password (the API secret).
    case apiSecret

    /// The field's JSON path, e.g. `options.outofband.country.whitelist[0]`.
    public var path: String {
        switch self {
        case .user: "user"
        case .pass: "pass"
        case .service: "service"
        case .targetFirstName: "target.fn"
        case .targetLastName: "target.ln"
        case .targetPhone: "target.phone"
        case .outOfBandMessage: "options.outofband.message"
        case .doNotSendToTypes(let index): Self.indexed("options.outofband.do_not_send_to_types", index)
        case .countryBlacklist(let index): Self.indexed("options.outofband.country.blacklist", index)
        case .countryWhitelist(let index): Self.indexed("options.outofband.country.whitelist", index)
        case .token: "token"
        case .codeMatchKey: "codematch.key"
        case .phoneNumber: "phone_number"
        case .senderName: "sender_name"
        case .requestID: "request_id"
        case .receivedCode: "received_code"
        case .apiKey: "api_key"
        case .apiSecret: "api_secret"
        }
    }

    private static func indexed(_ path: String, _ index: Int?) -> String {
        guard let index else { return path }
        return path + "[" + String(index) + "]"
    }
}

extension ProviderField: CustomStringConvertible {
    /// The JSON path.
    public var description: String { path }
}
