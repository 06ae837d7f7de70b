public import Verification

/// One delivery report as Kannel calls the report URL with it (see
/// ``KannelReportCallback/reportURL(for:)``): the signed message fields and Kannel's `type`.
public struct KannelDeliveryReport: Sendable, Hashable {
    /// The verification the message belongs to.
    public var verificationID: String
    /// The message.
    public var messageID: String
    /// SMS or call.
    public var kind: DeliveryKind
    /// Kannel's report type: 1 delivered, 2 not delivered, 4 queued, 8 accepted by the SMSC,
    /// 16 refused by the SMSC.
    public var type: Int

    /// Reads and checks a report from the URL's query.
    public init(query: [String: String], signer: DeliveryReportSigner) throws(KannelReportError) {
        guard let verificationID = query["v"], !verificationID.isEmpty else { throw .missingField("v") }
        guard let messageID = query["m"], !messageID.isEmpty else { throw .missingField("m") }
        guard let kindText = query["k"], let kind = DeliveryKind(rawValue: kindText) else {
            throw .missingField("k")
        }
        guard let signature = query["s"],
            signer.isValid(signature, verificationID: verificationID, messageID: messageID, kind: kind)
        else { throw .badSignature }
        guard let typeText = query["type"], let type = Int(typeText), type > 0 else { throw .badType }
        self.verificationID = verificationID
        self.messageID = messageID
        self.kind = kind
        self.type = type
    }

    /// What the report means for the verification: nil for an intermediate report (queued,
    /// accepted by the SMSC).
    public var status: DeliveryReportStatus? {
        if type & 1 != 0 { return .delivered }
        if type & (2 | 16) != 0 { return .failed }
        return nil
    }

    /// The `delivery_failed` event's reason.
    public var reason: String {
        type & 16 != 0 ? "smsc_rejected" : "not_delivered"
    }
}

/// Why a delivery report was refused.
public enum KannelReportError: Error, Sendable, Hashable {
    /// A query field is missing or malformed.
    case missingField(String)
    /// The signature does not match: the URL was not one the server handed out.
    case badSignature
    /// The `type` is not a positive number.
    case badType

    /// A stable snake_case name.
    public var identifier: String {
        switch self {
        case .missingField: "missing_field"
        case .badSignature: "bad_signature"
        case .badType: "bad_type"
        }
    }
}
