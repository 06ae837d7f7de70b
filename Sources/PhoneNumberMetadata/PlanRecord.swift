/// One region's (or one non-geographic calling code's) numbering plan inside a ``TableImage``.
///
/// A record is a view: an image and an offset. Field offsets follow `docs/TABLE-FORMAT.md`.
@usableFromInline
package struct PlanRecord: Sendable {
    @usableFromInline package let image: TableImage
    @usableFromInline package let offset: Int

    @inlinable @inline(__always)
    package init(image: TableImage, offset: Int) {
        self.image = image
        self.offset = offset
    }

    /// The region code (`"GB"`) or `"001"` for a non-geographic calling code.
    package var regionCode: String {
        let a = UInt8(truncatingIfNeeded: image.u7(offset))
        let b = UInt8(truncatingIfNeeded: image.u7(offset &+ 1))
        let c = UInt8(truncatingIfNeeded: image.u7(offset &+ 2))
        return String(unsafeUninitializedCapacity: 3) { buffer in
            buffer[0] = a
            buffer[1] = b
            if c == 0 { return 2 }
            buffer[2] = c
            return 3
        }
    }

    /// Whether this record is a non-geographic entity (`"001"`).
    @inlinable @inline(__always) package var isNonGeographic: Bool { image.u7(offset) == 0x30 }

    /// The country calling code (E.164).
    @inlinable @inline(__always) package var countryCode: Int { image.u14(offset &+ 3) }
    @inlinable @inline(__always) package var isMainCountryForCode: Bool { image.u7(offset &+ 5) & 1 != 0 }
    /// libphonenumber's `same_mobile_and_fixed_line_pattern`.
    @inlinable @inline(__always) package var hasSameMobileAndFixedLinePattern: Bool {
        image.u7(offset &+ 5) & 2 != 0
    }
    /// Bit `i` is set when description `i` (see ``PlanDescription``) has a pattern.
    package var presentDescriptions: Int { image.u14(offset &+ 63) }

    /// The type automaton over national significant numbers.
    @inlinable @inline(__always) package var typeAutomaton: DigitAutomaton {
        DigitAutomaton(image: image, offset: image.u21(offset &+ 6))
    }
    /// Whether the region has a leading-digits pattern, which picks it among the regions sharing a
    /// calling code (the patterns themselves are run as the code's leading-digits automaton).
    @inlinable @inline(__always) package var hasLeadingDigits: Bool { image.u21(offset &+ 9) != 0 }
    /// The international (IDD) prefix program, e.g. `00` or `011`.
    @inlinable package var internationalPrefix: DigitProgram? { program(at: offset &+ 12) }
    /// The national-prefix-for-parsing program (may capture groups for the transform rule).
    @inlinable package var nationalPrefixForParsing: DigitProgram? { program(at: offset &+ 15) }
    /// Offset of the national prefix transform rule (`$1` group references), 0 if none.
    package var nationalPrefixTransformRuleOffset: Int { image.u21(offset &+ 18) }
    /// Offset of the national (trunk) prefix string, 0 if none.
    package var nationalPrefixOffset: Int { image.u21(offset &+ 65) }
    /// Offset of the preferred international prefix string, 0 if none.
    package var preferredInternationalPrefixOffset: Int { image.u21(offset &+ 68) }
    /// Offset of the preferred extension prefix string (e.g. `" x"`), 0 if none.
    package var preferredExtensionPrefixOffset: Int { image.u21(offset &+ 71) }
    /// National number formats.
    package var nationalFormats: FormatList? { formatList(at: offset &+ 74) }
    /// International number formats, when they differ from the national ones.
    package var internationalFormats: FormatList? { formatList(at: offset &+ 77) }

    /// The possible-lengths mask of a description: bit `n` set when `n` digits are possible.
    @inlinable @inline(__always)
    package func possibleLengths(_ description: PlanDescription) -> Int {
        description == .general
            ? generalPossibleLengths : image.u21(offset &+ 80 &+ 3 &* Int(description.rawValue))
    }

    /// The general description's possible-lengths mask, kept with the fields parsing reads.
    @inlinable @inline(__always) package var generalPossibleLengths: Int { image.u21(offset &+ 21) }

    /// Lengths that are possible only for local dialling (general description).
    @inlinable @inline(__always) package var localOnlyLengths: Int { image.u21(offset &+ 24) }

    /// Digits a national prefix can start with (bits 0–9), and bit 10 when it can match nothing:
    /// when the number's first digit is outside the set, the prefix cannot match.
    @inlinable @inline(__always) package var nationalPrefixFirstDigits: Int { image.u14(offset &+ 27) }

    /// Digits an international prefix can start with (bits 0–9), bit 10 when it can match nothing.
    @inlinable @inline(__always) package var internationalPrefixFirstDigits: Int { image.u14(offset &+ 29) }

    /// The descriptions (bit per ``PlanDescription``) whose possible lengths include `length`
    /// (2–17 digits, the national numbers parsing keeps; 0 for any other length).
    @inlinable @inline(__always)
    package func descriptions(possibleAtLength length: Int) -> Int {
        guard length >= 2, length < 18 else { return 0 }
        return image.u14(offset &+ 31 &+ 2 &* (length &- 2))
    }

    /// The packed region code: up to three ASCII bytes, first byte lowest.
    @inlinable @inline(__always) package var packedRegionCode: UInt32 {
        UInt32(image.u7(offset)) | UInt32(image.u7(offset &+ 1)) << 8 | UInt32(image.u7(offset &+ 2)) << 16
    }

    @inlinable @inline(__always)
    func program(at fieldOffset: Int) -> DigitProgram? {
        let target = image.u21(fieldOffset)
        return target == 0 ? nil : DigitProgram(image: image, offset: target)
    }

    func formatList(at fieldOffset: Int) -> FormatList? {
        let target = image.u21(fieldOffset)
        return target == 0 ? nil : FormatList(image: image, offset: target)
    }
}

/// The number descriptions of a plan record, in automaton-tag bit order.
@usableFromInline
package enum PlanDescription: UInt8, CaseIterable, Sendable {
    case general = 0, fixedLine, mobile, tollFree, premiumRate, sharedCost, voip, personalNumber
    case pager, uan, voicemail
}
