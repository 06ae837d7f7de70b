import PhoneNumbers

/// A `--region` value that names no region of the plan, with the codes the user probably meant.
package struct UnknownRegionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The value as given.
    package let given: String
    /// Likely codes, best first (at most three).
    package let suggestions: [String]

    /// One line naming the problem and the likely codes.
    package var description: String {
        var message = "unknown region '\(given)'"
        if suggestions.count == 1, let only = suggestions.first {
            message += "; did you mean '\(only)'?"
        } else if !suggestions.isEmpty {
            message += "; did you mean one of " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?"
        }
        return message
    }
}

extension RegionTable {
    /// Reads a `--region` value by the rule of a region column's cells (``lookup(_:)``, which is
    /// ``PhoneNumbers/RegionCode``'s): a code of the plan in either case, ASCII spaces around it
    /// ignored, `UK` and `EL` read as `GB` and `GR`; anything else (an empty value too) is an error that suggests the nearest codes.
    package func resolve(option text: String) -> Result<String, UnknownRegionError> {
        var copy = text
        let found = copy.withUTF8 { lookup($0) }
        if case .known(let code) = found { return .success(code) }
        return .failure(UnknownRegionError(given: text, suggestions: suggestions(for: text)))
    }

    /// The codes nearest to `text`: an alias's code if it is one; otherwise the codes at the least
    /// edit distance (optimal string alignment: insertions, deletions, substitutions and swaps of
    /// neighbours) when that distance is small: only those that begin `text` if any do (`USA`),
    /// else up to three, those sharing the first letter first.
    package func suggestions(for text: String) -> [String] {
        let upper = Array(text.uppercased().utf8)
        for (alias, code) in RegionCode.aliases where Array(alias.utf8) == upper {
            return [code]
        }
        let limit = upper.count <= 3 ? 1 : 2
        var best = Int.max
        var candidates: [String] = []
        for code in regionCodes {
            let distance = Self.editDistance(upper, Array(code.utf8))
            if distance < best {
                best = distance
                candidates = [code]
            } else if distance == best {
                candidates.append(code)
            }
        }
        guard best <= limit, best > 0 else { return [] }
        let prefixes = candidates.filter { upper.starts(with: $0.utf8) }
        if !prefixes.isEmpty { return prefixes }  // USA → US, GBR → GB
        let first = upper.first
        let ranked =
            candidates.filter { $0.utf8.first == first } + candidates.filter { $0.utf8.first != first }
        return Array(ranked.prefix(3))
    }

    /// The optimal-string-alignment distance between two byte strings.
    package static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        var table = [Int](repeating: 0, count: (a.count + 1) * width)
        for i in 0...a.count { table[i * width] = i }
        for j in 0...b.count { table[j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(
                    table[(i - 1) * width + j] + 1, table[i * width + j - 1] + 1,
                    table[(i - 1) * width + j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    value = min(value, table[(i - 2) * width + j - 2] + 1)
                }
                table[i * width + j] = value
            }
        }
        return table[a.count * width + b.count]
    }
}
