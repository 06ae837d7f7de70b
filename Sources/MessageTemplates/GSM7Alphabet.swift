/// The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1 and §6.2.1.1).
///
/// A character of the default alphabet costs one septet; a character of the extension table costs
/// two (the escape septet 0x1B followed by its code). Every other character can only be sent in
/// UCS-2.
public enum GSM7Alphabet {
    /// The default alphabet in code order: element `n` is the character with septet value `n`
    /// (3GPP TS 23.038 §6.2.1, table 1). Element 0x1B is `nil`: it is the escape to the extension
    /// table, not a character.
    public static let defaultAlphabet: [Unicode.Scalar?] = [
        // 0x00
        "@", "\u{A3}", "$", "\u{A5}", "\u{E8}", "\u{E9}", "\u{F9}", "\u{EC}",
        "\u{F2}", "\u{C7}", "\n", "\u{D8}", "\u{F8}", "\r", "\u{C5}", "\u{E5}",
        // 0x10
        "\u{394}", "_", "\u{3A6}", "\u{393}", "\u{39B}", "\u{3A9}", "\u{3A0}", "\u{3A8}",
        "\u{3A3}", "\u{398}", "\u{39E}", nil, "\u{C6}", "\u{E6}", "\u{DF}", "\u{C9}",
        // 0x20
        " ", "!", "\"", "#", "\u{A4}", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/",
        // 0x30
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?",
        // 0x40
        "\u{A1}", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
        // 0x50
        "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "\u{C4}", "\u{D6}", "\u{D1}", "\u{DC}",
        "\u{A7}",
        // 0x60
        "\u{BF}", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
        // 0x70
        "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "\u{E4}", "\u{F6}", "\u{F1}", "\u{FC}",
        "\u{E0}",
    ]

    /// The extension table (3GPP TS 23.038 §6.2.1.1, table 2): each character with the code that
    /// follows the escape septet 0x1B.
    public static let extensionTable: [(code: UInt8, scalar: Unicode.Scalar)] = [
        (0x0A, "\u{0C}"),  // form feed
        (0x14, "^"),
        (0x28, "{"),
        (0x29, "}"),
        (0x2F, "\\"),
        (0x3C, "["),
        (0x3D, "~"),
        (0x3E, "]"),
        (0x40, "|"),
        (0x65, "\u{20AC}"),  // euro sign
    ]

    /// The septets `scalar` costs in GSM-7: 1 (default alphabet), 2 (extension table) or `nil`
    /// (not representable; the message must be sent in UCS-2).
    public static func septets(for scalar: Unicode.Scalar) -> Int? {
        let cost = tables.cost(scalar.value)
        return cost == 0 ? nil : Int(cost)
    }

    /// Lookup tables derived once from the two tables above.
    static let tables = Tables()

    /// Per-scalar septet costs: 0 = not in GSM-7, 1 = default alphabet, 2 = extension table.
    struct Tables: Sendable {
        /// Cost of each ASCII byte.
        let ascii: [UInt8]
        /// 0 for ASCII bytes that cost exactly one septet, 1 otherwise (GSM-7 fast path).
        let asciiIrregular: [UInt8]
        /// 1 for ASCII bytes outside GSM-7, 0 otherwise (UCS-2 fast path).
        let asciiNonGSM: [UInt8]
        /// Cost of scalars U+0080..<U+0400 (Latin-1, Latin Extended, Greek), indexed by value − 0x80.
        let low: [UInt8]

        static let lowLimit: UInt32 = 0x400

        init() {
            var ascii = [UInt8](repeating: 0, count: 128)
            var low = [UInt8](repeating: 0, count: Int(Self.lowLimit) - 0x80)
            for case let scalar? in GSM7Alphabet.defaultAlphabet {
                Self.set(&ascii, &low, scalar.value, 1)
            }
            for entry in GSM7Alphabet.extensionTable {
                Self.set(&ascii, &low, entry.scalar.value, 2)
            }
            self.ascii = ascii
            self.asciiIrregular = ascii.map { $0 == 1 ? 0 : 1 }
            self.asciiNonGSM = ascii.map { $0 == 0 ? 1 : 0 }
            self.low = low
        }

        private static func set(_ ascii: inout [UInt8], _ low: inout [UInt8], _ value: UInt32, _ cost: UInt8)
        {
            if value < 0x80 {
                ascii[Int(value)] = cost
            } else if value < lowLimit {
                low[Int(value) - 0x80] = cost
            }
        }

        /// The cost of any scalar value.
        @inline(__always)
        func cost(_ value: UInt32) -> UInt8 {
            if value < 0x80 { return ascii[Int(value)] }
            if value < Self.lowLimit { return low[Int(value) - 0x80] }
            return value == 0x20AC ? 2 : 0
        }
    }
}
