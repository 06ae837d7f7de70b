/// The `result.detail` of a Veratad PhoneMatch5.0 response: why the action was taken.
///
/// Values from the documents' "Action and Detail" tables and sample bodies. A value the documents
/// do not list is kept in ``unknown(_:)`` and written back unchanged.
public enum PhoneMatchDetail: Sendable, Hashable {
    /// `SUPPRESSED SENDING CODE` (FAIL): the line type was one of `do_not_send_to_types`.
    case suppressedSendingCode
    /// `FAILED TO SEND TO NUMBER` (FAIL): delivery failed and never reached the user.
    case failedToSendToNumber
    /// `DATA CHECK FAILED` (FAIL): the phone number is invalid; no code was sent.
    case dataCheckFailed
    /// `TRANSACTION REQUIRES FURTHER ATTENTION` (PENDING, per the initial request's table): the code
    /// was sent and the transaction waits for the user's entry.
    case transactionRequiresFurtherAttention
    /// `MORE INFORMATION IS REQUIRED` (PENDING, per the initial response's sample body).
    case moreInformationIsRequired
    /// `ALL CHECKS PASSED` (PASS): the user's entry matched the code sent.
    case allChecksPassed
    /// `FAILED OUT-OF-BAND CHECK` (FAIL): the user's entry did not match the code sent.
    case failedOutOfBandCheck
    /// A value the documents do not list, kept verbatim.
    case unknown(String)

    /// Every value the documents list, in the order they appear.
    public static let documented: [PhoneMatchDetail] = [
        .suppressedSendingCode, .failedToSendToNumber, .dataCheckFailed,
        .transactionRequiresFurtherAttention, .moreInformationIsRequired, .allChecksPassed,
        .failedOutOfBandCheck,
    ]
}

extension PhoneMatchDetail: RawRepresentable {
    /// Reads a value; anything the documents do not list becomes ``unknown(_:)``.
    public init(rawValue: String) {
        switch rawValue {
        case "SUPPRESSED SENDING CODE": self = .suppressedSendingCode
        case "FAILED TO SEND TO NUMBER": self = .failedToSendToNumber
        case "DATA CHECK FAILED": self = .dataCheckFailed
        case "TRANSACTION REQUIRES FURTHER ATTENTION": self = .transactionRequiresFurtherAttention
        case "MORE INFORMATION IS REQUIRED": self = .moreInformationIsRequired
        case "ALL CHECKS PASSED": self = .allChecksPassed
        case "FAILED OUT-OF-BAND CHECK": self = .failedOutOfBandCheck
        default: self = .unknown(rawValue)
        }
    }

    /// The value as the provider writes it, e.g. `DATA CHECK FAILED`.
    public var rawValue: String {
        switch self {
        case .suppressedSendingCode: "SUPPRESSED SENDING CODE"
        case .failedToSendToNumber: "FAILED TO SEND TO NUMBER"
        case .dataCheckFailed: "DATA CHECK FAILED"
        case .transactionRequiresFurtherAttention: "TRANSACTION REQUIRES FURTHER ATTENTION"
        case .moreInformationIsRequired: "MORE INFORMATION IS REQUIRED"
        case .allChecksPassed: "ALL CHECKS PASSED"
        case .failedOutOfBandCheck: "FAILED OUT-OF-BAND CHECK"
        case .unknown(let value): value
        }
    }
}

extension PhoneMatchDetail: Codable {
    /// Reads the JSON string; unknown values are kept.
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    /// Writes the JSON string, unknown values verbatim.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension PhoneMatchDetail: CustomStringConvertible {
    /// The raw value.
    public var description: String { rawValue }
}
