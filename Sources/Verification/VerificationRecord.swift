/// Which provider contract a verification follows.
///
/// A struct with one static member per flow rather than an enum, so that a provider added later
/// brings new members, not new cases that would break a user's exhaustive `switch`; compare with
/// `==`, or match `case .idenfy:` in a `switch` with a `default`.
public struct VerificationFlow: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The flow's stable name, as stored and in events (`phonematch_sms`, `idenfy`).
    public let rawValue: String
    /// The provider's name for metrics and logs (`phonematch`, `idenfy`).
    public let provider: String

    private init(_ rawValue: String, provider: String) {
        self.rawValue = rawValue
        self.provider = provider
    }

    /// Veratad PhoneMatch5.0.SMS: a code by SMS, checked by `continue`.
    public static let phoneMatchSMS = VerificationFlow("phonematch_sms", provider: "phonematch")
    /// Veratad PhoneMatch5.0.Call: a code read by a voice call, checked by `continue`.
    public static let phoneMatchCall = VerificationFlow("phonematch_call", provider: "phonematch")
    /// iDenfy send-sms / verify-sms with its SMS→call ladder.
    public static let idenfy = VerificationFlow("idenfy", provider: "idenfy")

    /// Every flow this version carries out.
    public static let allCases: [VerificationFlow] = [.phoneMatchSMS, .phoneMatchCall, .idenfy]

    /// The flow named `rawValue`; nil for a name this version does not know.
    public init?(rawValue: String) {
        guard let known = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = known
    }

    /// The stable name.
    public var description: String { rawValue }

    /// Reads the stable name; an unknown one is a decoding error.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let flow = VerificationFlow(rawValue: name) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown verification flow \(name)"))
        }
        self = flow
    }

    /// Writes the stable name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Where a verification stands.
public enum VerificationState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for the user's entry.
    case pending
    /// The right code was entered (final).
    case approved
    /// The flow ended with a wrong entry: PhoneMatch's single continue was wrong (final).
    case rejected
    /// Too many wrong entries (final).
    case locked
    /// Its last code expired before it was entered (final).
    case expired
    /// The first message could not be delivered (final; PhoneMatch answered FAILED TO SEND TO NUMBER).
    case deliveryFailed = "delivery_failed"

    /// Whether nothing more can happen to the verification.
    public var isFinal: Bool { self != .pending }
}

/// How a code goes out.
public enum DeliveryKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A text message.
    case sms
    /// A voice call that reads the code.
    case call
}

/// One verification as the store keeps it. It holds no code: only the digest of the current one.
public struct VerificationRecord: Sendable, Hashable {
    /// The PhoneMatch token or the iDenfy `request_id`.
    public var id: String
    /// The contract it follows.
    public var flow: VerificationFlow
    /// The account that started it (a PhoneMatch `user` or an iDenfy API key).
    public var account: String
    /// The number, E.164.
    public var phoneNumber: String
    /// The number's region (ISO 3166-1 alpha-2, or `001`), empty when none.
    public var region: String
    /// The caller's `reference` (PhoneMatch), echoed in answers.
    public var reference: String?
    /// Where it stands.
    public var state: VerificationState
    /// HMAC-SHA256 of the current code (``VerificationKeys``).
    public var codeDigest: [UInt8]
    /// Which code is current: 1 for the first, 2 after the iDenfy ladder sent a new one.
    public var codeGeneration: Int
    /// Entries checked so far.
    public var attempts: Int
    /// Entries allowed.
    public var maxAttempts: Int
    /// When it was started.
    public var createdAt: Timestamp
    /// When the current code stops being accepted.
    public var expiresAt: Timestamp
    /// When it reached a final state, if it has.
    public var finishedAt: Timestamp?

    /// Creates a record.
    public init(
        id: String, flow: VerificationFlow, account: String, phoneNumber: String, region: String,
        reference: String?, state: VerificationState, codeDigest: [UInt8], codeGeneration: Int,
        attempts: Int, maxAttempts: Int, createdAt: Timestamp, expiresAt: Timestamp,
        finishedAt: Timestamp? = nil
    ) {
        self.id = id
        self.flow = flow
        self.account = account
        self.phoneNumber = phoneNumber
        self.region = region
        self.reference = reference
        self.state = state
        self.codeDigest = codeDigest
        self.codeGeneration = codeGeneration
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.finishedAt = finishedAt
    }
}

extension VerificationRecord: CustomStringConvertible {
    /// The record without its digest.
    public var description: String {
        "VerificationRecord(\(flow.rawValue), \(state.rawValue), attempts \(attempts)/\(maxAttempts))"
    }
}
