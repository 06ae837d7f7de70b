/// Why a text could not be read as a phone number. One case per rule.
public enum PhoneNumberParseError: Error, Sendable, Hashable {
    /// The input is longer than the 250 UTF-8 bytes a phone number may take (libphonenumber's bound).
    case inputTooLong(byteCount: Int)
    /// The input holds no phone number: fewer than two digits, or text that cannot be a number.
    case notANumber
    /// The number has no `+` or international prefix and no default region was given.
    case missingRegion
    /// The number has no `+` or international prefix and the default region is not one the plan knows.
    case unknownRegion(String)
    /// The calling code after `+` or the international prefix is not assigned.
    case invalidCountryCode
    /// Too few digits follow the `+` or international prefix to hold a number.
    case tooShortAfterInternationalPrefix
    /// The national significant number has fewer than two digits.
    case tooShortNationalNumber
    /// The national significant number has more than 17 digits.
    case tooLong

    /// A stable snake_case identifier of the rule, for files, metrics and logs.
    public var identifier: String {
        switch self {
        case .inputTooLong: "input_too_long"
        case .notANumber: "not_a_number"
        case .missingRegion: "missing_region"
        case .unknownRegion: "unknown_region"
        case .invalidCountryCode: "invalid_country_code"
        case .tooShortAfterInternationalPrefix: "too_short_after_idd"
        case .tooShortNationalNumber: "too_short_nsn"
        case .tooLong: "too_long"
        }
    }
}

extension PhoneNumberParseError: CustomStringConvertible {
    /// A readable sentence naming the rule the input broke.
    public var description: String {
        switch self {
        case .inputTooLong(let count):
            "input is \(count) UTF-8 bytes; a phone number may take at most 250"
        case .notANumber: "the input does not contain a phone number"
        case .missingRegion: "the number has no '+' or international prefix and no default region was given"
        case .unknownRegion(let region): "the default region '\(region)' is not a known region code"
        case .invalidCountryCode: "the country calling code is not assigned"
        case .tooShortAfterInternationalPrefix: "too few digits after the international prefix"
        case .tooShortNationalNumber: "the national number has fewer than 2 digits"
        case .tooLong: "the national number has more than 17 digits"
        }
    }
}
