/// The `result.action` of a Veratad PhoneMatch5.0 response.
///
/// Values from the documents' "Action and Detail" tables. A value the documents do not list is
/// kept in ``unknown(_:)`` and written back unchanged, so a new provider value never fails decoding.
public enum PhoneMatchAction: Sendable, Hashable {
    /// `PASS`: the number was valid, the code was sent and the user's entry matched it.
    case pass
    /// `PENDING`: the code was sent; the transaction waits for the user's entry.
    case pending
    /// `FAIL`: the number was invalid or suppressed, sending failed, or the entry did not match.
    case fail
    /// A value the documents do not list, kept verbatim.
    case unknown(String)

    /// Every value the documents list, in their order.
    public static let documented: [PhoneMatchAction] = [.pass, .pending, .fail]
}

extension PhoneMatchAction: RawRepresentable {
    /// Reads a value; anything the documents do not list becomes ``unknown(_:)``.
    public init(rawValue: String) {
        switch rawValue {
        case "PASS": self = .pass
        case "PENDING": self = .pending
        case "FAIL": self = .fail
        default: self = .unknown(rawValue)
        }
    }

    /// The value as the provider writes it, e.g. `PENDING`.
    public var rawValue: String {
        switch self {
        case .pass: "PASS"
        case .pending: "PENDING"
        case .fail: "FAIL"
        case .unknown(let value): value
        }
    }
}

extension PhoneMatchAction: Codable {
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

extension PhoneMatchAction: CustomStringConvertible {
    /// The raw value.
    public var description: String { rawValue }
}
