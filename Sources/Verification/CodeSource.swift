/// Where codes come from: the system's CSPRNG, or, in the sandbox only, a fixed code for
/// documented test numbers.
public struct CodeSource: Sendable {
    private let make: @Sendable (_ e164: String, _ digits: Int) -> String

    /// A code of `digits` digits for the number `e164`.
    public func code(for e164: String, digits: Int) -> String { make(e164, digits) }

    /// Every code from the system's CSPRNG (``SecureRandom/code(digits:)``). The production source.
    public static let systemRandom = CodeSource { _, digits in SecureRandom.code(digits: digits) }

    /// For the sandbox: numbers that start with one of `prefixes` always get the first `digits`
    /// digits of `1234567890` (`1234`, `123456`); every other number a random code.
    public static func sandbox(fixedCodePrefixes prefixes: [String]) -> CodeSource {
        CodeSource { e164, digits in
            if prefixes.contains(where: { e164.hasPrefix($0) }) {
                return String("1234567890".prefix(digits))
            }
            return SecureRandom.code(digits: digits)
        }
    }
}
