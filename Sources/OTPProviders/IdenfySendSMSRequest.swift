/// iDenfy phone verification, step 1: send a code by SMS (`POST https://ivs.idenfy.com/fraud/send-sms`).
///
/// If the code is not confirmed within 2 minutes, iDenfy calls the user with the same code (valid
/// 3 more minutes), then calls again with a new code valid for 5 minutes.
public struct IdenfySendSMSRequest: Sendable, Hashable, Codable {
    /// The endpoint.
    public static let url = "https://ivs.idenfy.com/fraud/send-sms"
    /// The sender name iDenfy uses when `sender_name` is absent.
    public static let defaultSenderName = "iDenfy"
    /// The most GSM-7 septets `sender_name` may have (3GPP TS 23.040 §9.1.2.5: an alphanumeric
    /// sender holds 11; a character of the GSM-7 extension table, such as `€`, takes two).
    public static let maximumSenderNameLength = 11

    /// `phone_number` (required): the number with its country code, in E.164 format
    /// (`+12025550163`).
    public var phoneNumber: String
    /// `sender_name` (optional, at most 11 GSM-7 septets): the name or number shown as sender;
    /// iDenfy uses `iDenfy` when absent.
    public var senderName: String?

    /// Creates a request.
    public init(phoneNumber: String, senderName: String? = nil) {
        self.phoneNumber = phoneNumber
        self.senderName = senderName
    }

    /// The sender name the user will see: ``senderName`` or `iDenfy`.
    public var effectiveSenderName: String { senderName ?? Self.defaultSenderName }

    enum CodingKeys: String, CodingKey {
        case phoneNumber = "phone_number"
        case senderName = "sender_name"
    }
}
