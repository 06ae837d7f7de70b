/// A phone number read from text: calling code, national significant number, extension,
/// and what the numbering plan says about it (region, validity, type).
///
/// Built by ``init(parsing:region:plan:)``; written out by ``formatted(_:plan:)``.
public struct PhoneNumber: Sendable, Hashable {
    /// The country calling code (ITU-T E.164), e.g. 44.
    public let countryCode: Int
    /// The national significant number without leading zeros, as libphonenumber stores it.
    public let nationalNumber: UInt64
    /// Leading zeros that belong to the national significant number (Italy, Côte d'Ivoire, …).
    public let leadingZeros: UInt8
    /// The extension, ASCII digits only, or `nil`.
    public let `extension`: String?
    /// The region as up to three ASCII bytes (first byte lowest), 0 when no region matched.
    let packedRegion: UInt32
    /// The line type from the plan; ``PhoneNumberType/unknown`` when the number is not valid.
    public let type: PhoneNumberType
    /// Whether the national number's length is possible for its calling code.
    public let isPossible: Bool

    /// Whether the number matches a pattern of its region (libphonenumber's `isValidNumber`).
    public var isValid: Bool { type != .unknown }

    /// The region (ISO 3166-1 alpha-2), `"001"` for non-geographic codes, or `nil` when no region of
    /// a shared calling code matches.
    public var regionCode: String? {
        guard packedRegion != 0 else { return nil }
        let count = packedRegion >> 16 == 0 ? 2 : 3
        return String(unsafeUninitializedCapacity: count) { buffer in
            for i in 0..<count { buffer[i] = UInt8(truncatingIfNeeded: packedRegion >> (8 * i)) }
            return count
        }
    }

    /// Creates a number from its parts, as they would come out of parsing.
    package init(
        countryCode: Int, nationalNumber: UInt64, leadingZeros: UInt8, extension: String?,
        packedRegion: UInt32, type: PhoneNumberType, isPossible: Bool
    ) {
        self.countryCode = countryCode
        self.nationalNumber = nationalNumber
        self.leadingZeros = leadingZeros
        self.extension = `extension`
        self.packedRegion = packedRegion
        self.type = type
        self.isPossible = isPossible
    }
}
