import PhoneNumbers

/// The one-time code a user typed, folded to ASCII digits before it is checked or sent.
///
/// Users type codes with their own script's digits (`١٢٣٤`, `१२३४`) and group them with spaces or
/// dashes (`12 34`, `12-34`). Folding maps every decimal digit (Unicode Nd) to its ASCII digit and
/// drops spaces (Unicode White_Space) and dashes (Unicode Dash), as `DigitFolding` classifies them;
/// every other character is kept, so that validation can report it.
public enum OTPEntry {
    /// Inputs longer than this many UTF-8 bytes are returned unchanged (validation rejects them).
    public static let maximumInputBytes = 256

    /// The entry with digits folded to ASCII and spaces and dashes removed: `١٢٣٤` and `12 34`
    /// both become `1234`. Returns the input itself (no copy) when it is already ASCII digits.
    public static func normalize(_ text: String) -> String {
        let utf8 = text.utf8
        if utf8.count > maximumInputBytes || TextMeasure.isASCIIDigits(utf8) { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(truncatingIfNeeded: scalar.value)
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): scalars.append(scalar)
                case UInt8(ascii: " "), UInt8(ascii: "-"), 0x09...0x0D: continue
                default: scalars.append(scalar)
                }
            } else if let digit = DigitFolding.digitValue(of: scalar), (0...9).contains(digit) {
                scalars.append(Unicode.Scalar(UInt8(ascii: "0") + UInt8(digit)))
            } else if DigitFolding.isSeparator(scalar) {
                continue
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Wraps the folded entry as a ``Secret``.
    public static func normalizedSecret(_ text: String) -> Secret {
        Secret(normalize(text))
    }
}
