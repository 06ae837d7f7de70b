package import PhoneNumbers

/// The plan's region codes (ISO 3166-1 alpha-2) in a table indexed by their two letters, so that a
/// row's region column is looked up without hashing or allocating.
package struct RegionTable: Sendable {
    /// The region string for each of the 26 × 26 letter pairs, `nil` where the plan has none.
    private let codes: [String?]

    /// The slot of a region code in per-region counters: letter pairs first, then `001` (the
    /// non-geographic entities), then "no region".
    package static let slotCount = 26 * 26 + 2
    /// The slot of the non-geographic region `001`.
    package static let nonGeographicSlot = 26 * 26
    /// The slot for numbers without a region.
    package static let noRegionSlot = 26 * 26 + 1

    /// Builds the table from the plan's region codes.
    package init(plan: NumberingPlan) {
        var table = [String?](repeating: nil, count: 26 * 26)
        for code in plan.regionCodes {
            if let slot = Self.slot(ofLetters: Array(code.utf8)), slot < table.count {
                table[slot] = code
            }
        }
        codes = table
    }

    /// Every region code in the table, sorted.
    package var regionCodes: [String] {
        codes.compactMap { $0 }
    }

    /// What a region column's cell says.
    package enum Lookup: Sendable, Hashable {
        /// The cell is empty (or only spaces): use the default region.
        case absent
        /// The cell names this region.
        case known(String)
        /// The cell holds text that names no region of the plan.
        case unknown
    }

    /// Reads a region cell by ``PhoneNumbers/RegionCode``'s rule: ASCII spaces around it are
    /// ignored, letters may be either case, and the aliases (`UK`, `EL`) are accepted.
    @inline(__always)
    package func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Lookup {
        guard bytes.contains(where: { $0 != 0x20 }) else { return .absent }
        guard let (first, second) = RegionCode.letters(utf8: bytes) else { return .unknown }
        if let code = codes[Int(first - 65) * 26 + Int(second - 65)] { return .known(code) }
        return .unknown
    }

    /// The plan's code for two letters of either case, without aliases.
    package func code(exactly text: String) -> String? {
        let upper = Array(text.utf8).map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }
        guard let slot = Self.slot(ofLetters: upper), slot < codes.count else { return nil }
        return codes[slot]
    }

    /// The counter slot of a parsed number's region.
    @inline(__always)
    package static func slot(of region: String?) -> Int {
        guard let region else { return noRegionSlot }
        var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var length = 0
        for byte in region.utf8 {
            switch length {
            case 0: bytes.0 = byte
            case 1: bytes.1 = byte
            case 2: bytes.2 = byte
            default: return noRegionSlot
            }
            length += 1
        }
        if length == 3 && bytes.0 == 48 && bytes.1 == 48 && bytes.2 == 49 { return nonGeographicSlot }
        guard length == 2, bytes.0 >= 65, bytes.0 <= 90, bytes.1 >= 65, bytes.1 <= 90 else {
            return noRegionSlot
        }
        return Int(bytes.0 - 65) * 26 + Int(bytes.1 - 65)
    }

    /// The region code of a counter slot (`001` for the non-geographic slot, `-` for none).
    package static func name(ofSlot slot: Int) -> String {
        if slot == nonGeographicSlot { return "001" }
        guard slot >= 0 && slot < 26 * 26 else { return "-" }
        let letters = [UInt8(65 + slot / 26), UInt8(65 + slot % 26)]
        return String(decoding: letters, as: UTF8.self)
    }

    private static func slot(ofLetters letters: [UInt8]) -> Int? {
        guard letters.count == 2 else { return nil }
        let first = letters[0]
        let second = letters[1]
        guard first >= 65 && first <= 90 && second >= 65 && second <= 90 else { return nil }
        return Int(first - 65) * 26 + Int(second - 65)
    }
}
