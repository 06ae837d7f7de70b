/// The `service` of a Veratad PhoneMatch5.0 request: which channel delivers the code.
///
/// The sample bodies use `PhoneMatch5.0.SMS` and `PhoneMatch5.0.Call`. Other values are kept in
/// ``unknown(_:)`` (validation reports them).
public enum PhoneMatchService: Sendable, Hashable {
    /// `PhoneMatch5.0.SMS`: the code is sent by SMS, with an optional `message`.
    case sms
    /// `PhoneMatch5.0.Call`: the code is read out in a voice call; there is no `message`.
    case call
    /// A value the documents do not list, kept verbatim.
    case unknown(String)
}

extension PhoneMatchService: RawRepresentable {
    /// Reads a value; anything the documents do not list becomes ``unknown(_:)``.
    public init(rawValue: String) {
        switch rawValue {
        case "PhoneMatch5.0.SMS": self = .sms
        case "PhoneMatch5.0.Call": self = .call
        default: self = .unknown(rawValue)
        }
    }

    /// The value as the provider spells it, e.g. `PhoneMatch5.0.SMS`.
    public var rawValue: String {
        switch self {
        case .sms: "PhoneMatch5.0.SMS"
        case .call: "PhoneMatch5.0.Call"
        case .unknown(let value): value
        }
    }
}

extension PhoneMatchService: Codable {
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
