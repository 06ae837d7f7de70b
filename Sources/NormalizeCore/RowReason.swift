package import PhoneNumbers

/// Why a row is not a valid phone number: the rule it broke, one case per rule.
///
/// The first group comes from the parser (``PhoneNumberParseError``); `invalidNumber` and
/// `unknownRegion` are decided here; the last group marks malformed rows, whose bytes could not be
/// read as a row at all.
package enum RowReason: UInt8, Sendable, Hashable, CaseIterable {
    /// The text is longer than the 250 UTF-8 bytes a phone number may take.
    case inputTooLong
    /// The text holds no phone number.
    case notANumber
    /// No `+` or international prefix, and no default region for the row.
    case missingRegion
    /// The calling code after `+` is not assigned.
    case invalidCountryCode
    /// Too few digits after the international prefix.
    case tooShortAfterInternationalPrefix
    /// The national significant number has fewer than 2 digits.
    case tooShortNationalNumber
    /// The national significant number has more than 17 digits.
    case tooLong
    /// The text parses but matches no number pattern of its region (libphonenumber's
    /// `isValidNumber` is false).
    case invalidNumber
    /// The row's default region (its region column) names no region the plan knows, and the number
    /// has no `+`.
    case unknownRegion
    /// The row is not well-formed UTF-8 (Unicode §3.9).
    case invalidUTF8
    /// The row has a different number of fields than the header.
    case wrongFieldCount
    /// A quoted field is still open at the end of the input (RFC 4180 §2.5–2.7).
    case unterminatedQuote
    /// Text follows the closing quote of a quoted field (RFC 4180 §2.5).
    case textAfterClosingQuote
    /// The row is longer than the record bound (1 MiB by default); its bytes are skipped.
    case recordTooLong

    /// Maps a parser error to its reason.
    package init(_ error: PhoneNumberParseError) {
        switch error {
        case .inputTooLong: self = .inputTooLong
        case .notANumber: self = .notANumber
        case .missingRegion: self = .missingRegion
        case .unknownRegion: self = .unknownRegion
        case .invalidCountryCode: self = .invalidCountryCode
        case .tooShortAfterInternationalPrefix: self = .tooShortAfterInternationalPrefix
        case .tooShortNationalNumber: self = .tooShortNationalNumber
        case .tooLong: self = .tooLong
        }
    }

    /// A stable snake_case identifier; the parser's own for its rules.
    package var identifier: StaticString {
        switch self {
        case .inputTooLong: "input_too_long"
        case .notANumber: "not_a_number"
        case .missingRegion: "missing_region"
        case .invalidCountryCode: "invalid_country_code"
        case .tooShortAfterInternationalPrefix: "too_short_after_idd"
        case .tooShortNationalNumber: "too_short_nsn"
        case .tooLong: "too_long"
        case .invalidNumber: "invalid_number"
        case .unknownRegion: "unknown_region"
        case .invalidUTF8: "invalid_utf8"
        case .wrongFieldCount: "wrong_field_count"
        case .unterminatedQuote: "unterminated_quote"
        case .textAfterClosingQuote: "text_after_closing_quote"
        case .recordTooLong: "record_too_long"
        }
    }

    /// Whether the row itself is broken (the run then ends with status 65) rather than holding an
    /// invalid number.
    package var isMalformed: Bool {
        rawValue >= RowReason.invalidUTF8.rawValue
    }
}
