extension PhoneNumber: CustomStringConvertible, LosslessStringConvertible {
    /// The number in E.164 (ITU-T E.164: `+` and at most 15 digits), followed by `;ext=` and the
    /// extension when there is one (RFC 3966's form): `+442079460958`, `+12015550123;ext=42`.
    public var description: String {
        guard let `extension` else { return e164 }
        return e164 + ";ext=" + `extension`
    }

    /// Reads a number as ``description`` writes it (or any text ``init(parsing:region:plan:)-(String,_,_)``
    /// reads without a default region), with the bundled plan; `nil` when it is not a number.
    ///
    /// A description reads back as the same number: `PhoneNumber(number.description) == number`.
    public init?(_ description: String) {
        guard let number = try? PhoneNumber(parsing: description, region: nil, plan: .bundled) else {
            return nil
        }
        self = number
    }
}

extension PhoneNumber: Codable {
    /// Decodes a number from a string as ``description`` writes it (`"+12015550123;ext=42"`), read
    /// with the bundled plan. Text that is not a number is `DecodingError.dataCorrupted`, whose
    /// description names the broken rule's ``PhoneNumberParseError/identifier``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do throws(PhoneNumberParseError) {
            self = try PhoneNumber(parsing: text, region: nil, plan: .bundled)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a phone number (\(error.identifier))")
        }
    }

    /// Encodes the number as its ``description``: E.164, with `;ext=` and the extension.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
