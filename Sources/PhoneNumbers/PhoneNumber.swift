/// A phone number read from text: calling code, national significant number, extension,
/// and what the numbering plan says about it (region, validity, type).
///
/// Built by ``init(parsing:region:plan:)-(String,_,_)``; written out by ``formatted(_:plan:)``.
public struct PhoneNumber: Sendable, Hashable {
    /// The national significant number without leading zeros, as libphonenumber stores it.
    public let nationalNumber: UInt64
    /// The extension, ASCII digits only, or `nil`.
    public let `extension`: String?
    /// The other fields in one word: bits 0–23 the region as up to three ASCII bytes (first byte
    /// lowest, 0 when no region matched), 24–31 the type's raw value, 32–39 the leading zeros, 40
    /// whether the length is possible, 48–63 the calling code. The whole value is then four words,
    /// which Swift returns in registers, and it is written and read a word at a time (a copy
    /// through memory never waits on narrower stores it overlaps).
    let packed: UInt64

    /// The country calling code (ITU-T E.164), e.g. 44.
    public var countryCode: Int { Int(truncatingIfNeeded: packed >> 48) }

    /// Leading zeros that belong to the national significant number (Italy, Côte d'Ivoire, …).
    public var leadingZeros: UInt8 { UInt8(truncatingIfNeeded: packed >> 32) }
    /// The line type from the plan; ``PhoneNumberType/unknown`` when the number is not valid.
    public var type: PhoneNumberType {
        PhoneNumberType(rawValue: UInt8(truncatingIfNeeded: packed >> 24)) ?? .unknown
    }
    /// Whether the national number's length is possible for its calling code.
    public var isPossible: Bool { packed >> 40 & 1 != 0 }
    /// The region as up to three ASCII bytes (first byte lowest), 0 when no region matched.
    var packedRegion: UInt32 { UInt32(truncatingIfNeeded: packed & 0xFF_FFFF) }

    /// Whether the number matches a pattern of its region (libphonenumber's `isValidNumber`).
    public var isValid: Bool { type != .unknown }

    /// The region (ISO 3166-1 alpha-2), `"001"` for non-geographic codes, or `nil` when no region of
    /// a shared calling code matches.
    public var regionCode: String? {
        let packedRegion = self.packedRegion
        guard packedRegion != 0 else { return nil }
        let count = packedRegion >> 16 == 0 ? 2 : 3
        return String(unsafeUninitializedCapacity: count) { buffer in
            for i in 0..<count { buffer[i] = UInt8(truncatingIfNeeded: packedRegion >> (8 * i)) }
            return count
        }
    }

    /// The same number without its extension.
    package var withoutExtension: PhoneNumber {
        PhoneNumber(nationalNumber: nationalNumber, packed: packed)
    }

    private init(nationalNumber: UInt64, packed: UInt64) {
        self.nationalNumber = nationalNumber
        self.extension = nil
        self.packed = packed
    }

    /// Creates a number from its parts, as they would come out of parsing (calling codes 0–65535).
    @inline(__always)
    package init(
        countryCode: Int, nationalNumber: UInt64, leadingZeros: UInt8, extension: String?,
        packedRegion: UInt32, type: PhoneNumberType, isPossible: Bool
    ) {
        self.nationalNumber = nationalNumber
        self.extension = `extension`
        self.packed =
            UInt64(packedRegion & 0xFF_FFFF) | UInt64(type.rawValue) << 24 | UInt64(leadingZeros) << 32
            | (isPossible ? 1 << 40 : 0) | UInt64(UInt16(truncatingIfNeeded: countryCode)) << 48
    }
}
