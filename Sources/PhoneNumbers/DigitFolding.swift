internal import CICUShim

/// Digits and separators of every script, as ICU classifies them.
public enum DigitFolding {
    /// The value 0–9 of a decimal digit of any script (Unicode general category Nd), or `nil`.
    ///
    /// ASCII digits are answered without calling ICU.
    public static func digitValue(of scalar: Unicode.Scalar) -> Int? {
        let v = CharacterClass.digitValue(scalar.value)
        return v < 0 ? nil : v
    }

    /// Whether the scalar is a space or a dash that separates digits: Unicode White_Space other
    /// than a line break, the zero-width space and word joiner, Unicode Dash, or the soft hyphen.
    ///
    /// This is the one definition every parsing step uses (``separatorClass(of:)``).
    public static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        CharacterClass.foldSeparator(scalar.value) != scalar.value || scalar == " " || scalar == "-"
    }

    /// The separator class of a scalar: `" "` for every space, `"-"` for every dash, `nil` for
    /// anything else (parentheses, dots and slashes are punctuation, but each is its own class).
    ///
    /// The parser reads every member of a class as the class's ASCII character, so replacing one
    /// space by another (or one dash by another) never changes an answer.
    public static func separatorClass(of scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let folded = CharacterClass.foldSeparator(scalar.value)
        return folded == 0x20 || folded == 0x2D ? Unicode.Scalar(UInt8(folded)) : nil
    }

    /// The ICU version Dialtone is linked with, e.g. `72.1`.
    public static var icuVersion: String { String(cString: dialtone_icuVersion()) }
}

/// Scalar classification for the parser: ASCII answered inline, everything else through ICU.
enum CharacterClass {
    /// Decimal digit value (general category Nd, any script) or -1.
    @inline(__always)
    static func digitValue(_ c: UInt32) -> Int {
        if c < 0x80 { return c &- 0x30 < 10 ? Int(c &- 0x30) : -1 }
        return Int(dialtone_digitValue(Int32(bitPattern: c)))
    }

    @inline(__always)
    static func isPlus(_ c: UInt32) -> Bool { c == 0x2B || c == 0xFF0B }

    @inline(__always)
    static func isASCIILetter(_ c: UInt32) -> Bool { (c | 0x20) &- 0x61 < 26 }

    /// The one separator rule: every space becomes U+0020 and every dash U+002D; any other scalar
    /// is returned unchanged.
    ///
    /// Spaces are Unicode White_Space (ICU) other than the line breaks (LF, VT, FF, CR, NEL, U+2028,
    /// U+2029: a number does not span lines, as libphonenumber's vanity rule also assumes), plus the
    /// invisible U+200B and U+2060 that libphonenumber lists as punctuation. Dashes are Unicode Dash
    /// plus the soft hyphen U+00AD. The parser folds text with this before any text rule runs, so
    /// viability, extension labels, second-number cuts and vanity letters all see one definition.
    @inline(__always)
    static func foldSeparator(_ c: UInt32) -> UInt32 {
        if c < 0x80 { return c == 0x09 ? 0x20 : c }
        switch c {
        case 0xA0, 0x200B, 0x2060: return 0x20
        case 0xAD: return 0x2D
        case 0x85, 0x2028, 0x2029: return c
        default:
            let s = Int32(bitPattern: c)
            if dialtone_isWhiteSpace(s) != 0 { return 0x20 }
            if dialtone_isDash(s) != 0 { return 0x2D }
            return c
        }
    }

    /// libphonenumber's `VALID_PUNCTUATION` (matched case-insensitively, so `X` too), on text whose
    /// separators are folded (``foldSeparator(_:)``): every space and dash is `" "` or `"-"` there.
    static func isPunctuation(_ c: UInt32) -> Bool {
        switch c {
        case 0x20, 0x2D, 0x28, 0x29, 0x2E, 0x2F, 0x5B, 0x5D, 0x7E, 0x78, 0x58: return true
        case 0x30FC, 0xFF0E, 0xFF0F, 0xFF08, 0xFF09, 0xFF3B, 0xFF3D, 0x223C, 0xFF5E:
            return true
        default:
            return false
        }
    }

    /// Python's `\w` as libphonenumber's trailing-character rule uses it: letters, numbers, `_`.
    static func isWordCharacter(_ c: UInt32) -> Bool {
        if c < 0x80 { return isASCIILetter(c) || c &- 0x30 < 10 || c == 0x5F }
        let category = dialtone_charType(Int32(bitPattern: c))
        // U_UPPERCASE_LETTER (1) … U_OTHER_LETTER (5); U_DECIMAL_DIGIT_NUMBER (9) … U_OTHER_NUMBER (11).
        return (1...5).contains(category) || (9...11).contains(category)
    }

    /// Whether an extension label can start with this character (`e`, `x`, `a`, `i`, `#`, `~`, `д`
    /// and their fullwidth or upper-case forms).
    @inline(__always)
    static func isLabelStart(_ c: UInt32) -> Bool {
        switch foldCase(c) {
        case 0x65, 0x78, 0x61, 0x69, 0x23, 0x7E, 0xFF45, 0xFF58, 0xFF49, 0xFF03, 0xFF5E, 0x434: return true
        default: return false
        }
    }

    /// Simple case folding for the letters that appear in libphonenumber's extension labels.
    @inline(__always)
    static func foldCase(_ c: UInt32) -> UInt32 {
        switch c {
        case 0x41...0x5A, 0xFF21...0xFF3A, 0x410...0x42F: return c + 0x20
        case 0xC0...0xDE where c != 0xD7: return c + 0x20
        default: return c
        }
    }

    /// ITU-T E.161 keypad letters: `A`–`C` → 2, …, `W`–`Z` → 9.
    @inline(__always)
    static func keypadDigit(_ c: UInt32) -> Int {
        let index = Int((c | 0x20) &- 0x61)
        // a b c d e f g h i j k l m n o p q r s t u v w x y z
        let table: StaticString = "22233344455566677778889999"
        return Int(table.utf8Start[index]) - 0x30
    }
}
