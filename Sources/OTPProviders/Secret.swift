/// A string that must never be shown: a password, an API secret, a one-time code.
///
/// `description`, `debugDescription`, `dump` and mirrors print `<redacted>`; only JSON encoding
/// and ``reveal()`` give the value. Equality compares the values (not in constant time).
public struct Secret: Sendable, Hashable {
    private let value: String

    /// Wraps a secret value.
    public init(_ value: String) {
        self.value = value
    }

    /// The secret value itself, for the request body or a header. Do not log it.
    public func reveal() -> String { value }

    /// Whether the secret is the empty string.
    public var isEmpty: Bool { value.isEmpty }

    /// The placeholder printed wherever a secret would appear.
    public static let redactedText = "<redacted>"
}

extension Secret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Always `<redacted>`.
    public var description: String { Secret.redactedText }
    /// Always `<redacted>`.
    public var debugDescription: String { Secret.redactedText }
    /// A mirror without children, so that `dump` and reflection show nothing of the value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension Secret: Codable {
    /// Reads the secret from a JSON string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(try container.decode(String.self))
    }

    /// Writes the secret as a JSON string (the only place the value leaves this type besides
    /// ``reveal()``).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
