import Glibc

/// Tells a phone number given as an argument from a file name.
enum InputArgument {
    /// An argument is a number when no file has that name, it holds a digit, and it has neither a
    /// `/` nor a file extension (`.csv`, `.txt`: a dot and then letters, digits or `_`, with at
    /// least one letter). `-` is standard input.
    static func isNumber(_ argument: String) -> Bool {
        if argument == "-" || argument.isEmpty { return false }
        let bytes = Array(argument.utf8)
        if bytes.contains(UInt8(ascii: "/")) { return false }
        if access(argument, F_OK) == 0 { return false }
        let hasDigit = argument.unicodeScalars.contains { $0.properties.numericType == .decimal }
        guard hasDigit else { return false }
        if let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0, dot < bytes.count - 1 {
            let suffix = bytes[(dot + 1)...]
            let isWordy = suffix.count <= 8 && suffix.allSatisfy { isLetter($0) || isDigit($0) || $0 == 95 }
            if isWordy && suffix.contains(where: isLetter) { return false }
        }
        return true
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 48 && byte <= 57
    }
}
