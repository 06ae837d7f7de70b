/// Digits and separators of every script, as ICU classifies them.
public enum DigitFolding {
    /// The value 0–9 of a decimal digit of any script (Unicode general category Nd), or `nil`.
    public static func digitValue(of scalar: Unicode.Scalar) -> Int? { nil }  // TEMPORARY

    /// Whether the scalar is a space (Unicode White_Space) or a dash (Unicode Dash).
    public static func isSeparator(_ scalar: Unicode.Scalar) -> Bool { false }  // TEMPORARY
}
