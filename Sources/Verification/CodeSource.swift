/// Where codes come from: the system's CSPRNG, or, in the sandbox only, a fixed code for
/// documented test numbers.
public struct CodeSource: Sendable {
    /// Makes a code; `random` is the engine's buffered CSPRNG, or `nil` to read the kernel directly.
    private let make: @Sendable (_ e164: String, _ digits: Int, _ random: SecureRandomBuffer?) -> String

    /// A code of `digits` digits for the number `e164`.
    public func code(for e164: String, digits: Int) -> String { make(e164, digits, nil) }

    /// A code of `digits` digits for the number `e164`, random codes drawn from `random` (the
    /// engine's buffer: one system call for many codes).
    func code(for e164: String, digits: Int, using random: SecureRandomBuffer) -> String {
        make(e164, digits, random)
    }

    /// Every code from the system's CSPRNG (``SecureRandom/code(digits:)``). The production source.
    public static let systemRandom = CodeSource { _, digits, random in
        random?.code(digits: digits) ?? SecureRandom.code(digits: digits)
    }

    /// For the sandbox: numbers that start with one of `prefixes` always get the first `digits`
    /// digits of `1234567890` (`1234`, `123456`); every other number a random code.
    public static func sandbox(fixedCodePrefixes prefixes: [String]) -> CodeSource {
        CodeSource { e164, digits, random in
            if prefixes.contains(where: { e164.hasPrefix($0) }) {
                return String("1234567890".prefix(digits))
            }
            return random?.code(digits: digits) ?? SecureRandom.code(digits: digits)
        }
    }
}
