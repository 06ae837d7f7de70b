public import MessageTemplates
public import PhoneNumbers

/// A rule a provider request field must follow. Closed: one case per rule in the documents.
public enum ValidationRule: Sendable, Hashable {
    /// The field is required and missing or empty (PhoneMatch: `user`, `pass`, `service`, `fn`,
    /// `ln`, `phone`, `token`, `codematch.key`; iDenfy: `phone_number`, `request_id`,
    /// `received_code`).
    case required
    /// An optional field is present but empty (`sender_name`, `message`).
    case notEmpty
    /// At most this many characters; for iDenfy `sender_name`, 11 GSM-7 septets (a character of
    /// the GSM-7 extension table, such as `€`, counts two).
    case maximumLength(Int)
    /// Between these many characters, inclusive (iDenfy `request_id`: 32 to 40).
    case lengthRange(minimum: Int, maximum: Int)
    /// Exactly this many characters (iDenfy `received_code`: 4).
    case exactLength(Int)
    /// ASCII digits only (iDenfy `received_code`: "numerical").
    case digitsOnly
    /// E.164: `+`, then 2 to 15 ASCII digits, the first not `0` (iDenfy `phone_number`; ITU-T E.164).
    case e164Format
    /// The text is not a phone number; the parser's reason.
    case phoneNumberUnreadable(PhoneNumberParseError)
    /// The number matches no pattern of its region's numbering plan.
    case phoneNumberInvalid
    /// Not `PhoneMatch5.0.SMS` or `PhoneMatch5.0.Call`.
    case knownService
    /// `message` is given for `PhoneMatch5.0.Call`, whose documents have no message.
    case smsOnly
    /// Not one of `mobile`, `landline`, `voip` (`do_not_send_to_types`).
    case knownLineType
    /// Not an ISO 3166-1 alpha-2 code: two ASCII capital letters (`country.blacklist`/`whitelist`).
    case iso3166Alpha2
    /// A character outside GSM-7 (the default alphabet and its extension table, 3GPP TS 23.038),
    /// which an alphanumeric SMS sender cannot carry (iDenfy `sender_name`).
    case gsm7Alphabet
    /// Contains `:`, which a basic-auth user name may not (RFC 7617, section 2).
    case noColon
    /// A PhoneMatch SMS `message` without `{pin}`: the user would receive no code.
    case messageMissingPIN
    /// A PhoneMatch SMS `message` that is not a well-formed template (for example an unclosed or
    /// empty placeholder); the template parser's reason. Unknown names are not malformed: they
    /// are sent as written, and the pre-flight reports them.
    case messageMalformed(TemplateError)

    /// A stable snake_case identifier of the rule, for logs and metrics.
    public var identifier: String {
        switch self {
        case .required: "required"
        case .notEmpty: "not_empty"
        case .maximumLength: "max_length"
        case .lengthRange: "length_range"
        case .exactLength: "exact_length"
        case .digitsOnly: "digits_only"
        case .e164Format: "e164_format"
        case .phoneNumberUnreadable: "phone_number_unreadable"
        case .phoneNumberInvalid: "phone_number_invalid"
        case .knownService: "known_service"
        case .smsOnly: "sms_only"
        case .knownLineType: "known_line_type"
        case .iso3166Alpha2: "iso3166_alpha2"
        case .noColon: "no_colon"
        case .gsm7Alphabet: "gsm7_alphabet"
        case .messageMissingPIN: "message_missing_pin"
        case .messageMalformed: "message_malformed"
        }
    }
}

extension ValidationRule: CustomStringConvertible {
    /// What the rule asks for, as a sentence fragment ("must be ...").
    public var description: String {
        switch self {
        case .required: "is required and must not be empty"
        case .notEmpty: "must not be empty when present (omit it instead)"
        case .maximumLength(let max): "must be at most \(max) characters"
        case .lengthRange(let min, let max): "must be \(min) to \(max) characters"
        case .exactLength(let length): "must be exactly \(length) characters"
        case .digitsOnly: "must contain only the digits 0-9"
        case .e164Format:
            "must be the number's E.164 form: '+' and 2 to 15 digits, the first not 0, no trunk prefix"
        case .phoneNumberUnreadable(let error): "is not a phone number: \(error)"
        case .phoneNumberInvalid: "is not a valid number in its region's numbering plan"
        case .knownService: "must be PhoneMatch5.0.SMS or PhoneMatch5.0.Call"
        case .smsOnly: "is only used by PhoneMatch5.0.SMS"
        case .knownLineType: "must be one of mobile, landline, voip"
        case .iso3166Alpha2: "must be an ISO 3166-1 alpha-2 code (two capital letters)"
        case .noColon: "must not contain ':' (RFC 7617)"
        case .gsm7Alphabet: "must use only GSM-7 characters (3GPP TS 23.038), as an SMS sender name does"
        case .messageMissingPIN: "must contain {pin}, or the user receives no code"
        case .messageMalformed(let error): "must be a well-formed template: \(error)"
        }
    }
}
