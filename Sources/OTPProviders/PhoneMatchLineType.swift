/// A value of `options.outofband.do_not_send_to_types`: a line type the provider must not send to.
///
/// The documents list exactly `mobile`, `landline` and `voip` ("Possible values are: mobile
/// landline voip"). Other values are kept in ``unknown(_:)`` (validation reports them).
public enum PhoneMatchLineType: Sendable, Hashable {
    /// `mobile`.
    case mobile
    /// `landline`.
    case landline
    /// `voip`.
    case voip
    /// A value the documents do not list, kept verbatim.
    case unknown(String)

    /// Every value the documents list, in their order.
    public static let documented: [PhoneMatchLineType] = [.mobile, .landline, .voip]
}

extension PhoneMatchLineType: RawRepresentable {
    /// Reads a value; anything the documents do not list becomes ``unknown(_:)``.
    public init(rawValue: String) {
        switch rawValue {
        case "mobile": self = .mobile
        case "landline": self = .landline
        case "voip": self = .voip
        default: self = .unknown(rawValue)
        }
    }

    /// The value as the provider spells it, e.g. `landline`.
    public var rawValue: String {
        switch self {
        case .mobile: "mobile"
        case .landline: "landline"
        case .voip: "voip"
        case .unknown(let value): value
        }
    }
}

extension PhoneMatchLineType: Codable {
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
