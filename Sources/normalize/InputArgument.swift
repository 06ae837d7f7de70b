import Glibc
import PhoneNumbers

/// Tells a phone number given as an argument from a file name.
enum InputArgument {
    /// An argument is a number when no file has that name, it has neither a `/` nor a file
    /// extension, and ``looksLikeNumber(_:)`` holds. `-` is standard input.
    static func isNumber(_ argument: String) -> Bool {
        if argument == "-" || argument.isEmpty { return false }
        if argument.utf8.contains(UInt8(ascii: "/")) { return false }
        if access(argument, F_OK) == 0 { return false }
        if hasFileExtension(argument) { return false }
        return looksLikeNumber(argument)
    }

    /// A file extension: a dot and then at most 8 letters, digits or `_`, at least one a letter
    /// (`.csv`, `.txt`, `.mp3`).
    static func hasFileExtension(_ argument: String) -> Bool {
        let bytes = Array(argument.utf8)
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0, dot < bytes.count - 1 else {
            return false
        }
        let suffix = bytes[(dot + 1)...]
        return suffix.count <= 8 && suffix.allSatisfy { isLetter($0) || isDigit($0) || $0 == 95 }
            && suffix.contains(where: isLetter)
    }

    /// The shape of a phone number as people type one (docs/NORMALIZE.md, "Files or numbers"):
    /// after an optional `tel:`, it starts with a digit, `+` or `(` (spaces before are allowed),
    /// and every other character is a decimal digit of any script, a space or dash of any kind,
    /// `+`, `(`, `)` or `.`, except for
    /// - an extension at the end: `x`, `ext`, `extn` or `extension` (either case, then optionally
    ///   `.`, `:` or `=` and spaces), `#`, or `;ext=`, followed by digits only; and
    /// - vanity words in capitals (`1-800-FLOWERS`), set off from digits by a separator.
    /// A run of letters that touches a digit (`numbers2024`, `2024abc`) or is in lower case
    /// (`data-2024`, `2024-report`) makes the argument a file name.
    static func looksLikeNumber(_ argument: String) -> Bool {
        var scalars = Array(argument.unicodeScalars)
        if scalars.count >= 4, String(String.UnicodeScalarView(scalars[0..<4])).lowercased() == "tel:" {
            scalars.removeFirst(4)
        }
        var i = 0
        while i < scalars.count, DigitFolding.isSeparator(scalars[i]) { i += 1 }
        guard i < scalars.count, isDecimal(scalars[i]) || scalars[i] == "+" || scalars[i] == "(" else {
            return false
        }
        var sawDigit = false
        while i < scalars.count {
            let s = scalars[i]
            if isDecimal(s) {
                sawDigit = true
                i += 1
            } else if s == "+" || s == "(" || s == ")" || s == "." || DigitFolding.isSeparator(s) {
                i += 1
            } else if s == "#" {
                return sawDigit && digitsToEnd(scalars, from: i + 1)
            } else if s == ";" {
                let label = Array(";ext=".unicodeScalars)
                guard scalars.count >= i + label.count,
                    String(String.UnicodeScalarView(scalars[i..<(i + label.count)])).lowercased() == ";ext="
                else { return false }
                return sawDigit && digitsToEnd(scalars, from: i + label.count)
            } else if s.isASCII, isLetter(UInt8(s.value)) {
                var end = i
                while end < scalars.count, scalars[end].isASCII, isLetter(UInt8(scalars[end].value)) {
                    end += 1
                }
                let word = String(String.UnicodeScalarView(scalars[i..<end]))
                if ["x", "ext", "extn", "extension"].contains(word.lowercased()) {
                    var next = end
                    if next < scalars.count, [".", ":", "="].contains(scalars[next]) { next += 1 }
                    return sawDigit && digitsToEnd(scalars, from: next)
                }
                let touchesDigit =
                    isDecimal(scalars[i - 1]) || (end < scalars.count && isDecimal(scalars[end]))
                guard word == word.uppercased(), !touchesDigit else { return false }
                i = end
            } else {
                return false
            }
        }
        return sawDigit
    }

    /// Spaces, then at least one decimal digit, then only digits and spaces.
    private static func digitsToEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Bool {
        var i = start
        while i < scalars.count, scalars[i] == " " { i += 1 }
        var digits = 0
        while i < scalars.count {
            if isDecimal(scalars[i]) {
                digits += 1
            } else if scalars[i] != " " {
                return false
            }
            i += 1
        }
        return digits > 0
    }

    private static func isDecimal(_ scalar: Unicode.Scalar) -> Bool {
        DigitFolding.digitValue(of: scalar) != nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 48 && byte <= 57
    }
}
