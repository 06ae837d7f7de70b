/// The text-level rules libphonenumber applies before it looks at digits: where a number starts
/// and ends in free text, whether the text can be a number at all, and where an extension begins.
///
/// Each function works on Unicode scalars (`UInt32`) in a caller's buffer and reproduces one of
/// libphonenumber's patterns (named in each comment) without a regular-expression engine. The text
/// is folded first (`CharacterClass.foldSeparator`): every space is U+0020 and every dash U+002D,
/// so where a pattern names `[ \u00A0\t]` these rules test for U+0020 alone, and every rule sees
/// the same separators.
enum TextRules {
    typealias Text = UnsafeBufferPointer<UInt32>

    /// Index of the first occurrence of an ASCII `needle` in `text`, or nil (case-sensitive).
    static func find(_ needle: StaticString, in text: Text, from start: Int = 0) -> Int? {
        let n = needle.utf8CodeUnitCount
        guard n > 0, text.count >= n else { return nil }
        let p = needle.utf8Start
        var i = start
        while i + n <= text.count {
            if text[i] == UInt32(p[0]) {
                var k = 1
                while k < n, text[i + k] == UInt32(p[k]) { k += 1 }
                if k == n { return i }
            }
            i += 1
        }
        return nil
    }

    /// `_extract_possible_number`: from the first `+` or digit, without trailing characters that are
    /// not `#`, letters or numbers, and cut before a second number (`/ x`). Returns a range.
    static func possibleNumberRange(_ text: Text) -> Range<Int> {
        var start = 0
        while start < text.count {
            let c = text[start]
            if CharacterClass.isPlus(c) || CharacterClass.digitValue(c) >= 0 { break }
            start += 1
        }
        guard start < text.count else { return 0..<0 }
        // _UNWANTED_END_CHARS: (?:_|[^#\w])+$
        var end = text.count
        while end > start {
            let c = text[end - 1]
            let unwanted = c == 0x5F || (c != 0x23 && !CharacterClass.isWordCharacter(c))
            if !unwanted { break }
            end -= 1
        }
        // _SECOND_NUMBER_START: [\\/] *x
        var i = start
        while i < end {
            if text[i] == 0x5C || text[i] == 0x2F {
                var j = i + 1
                while j < end, text[j] == 0x20 { j += 1 }
                if j < end, text[j] == 0x78 { return start..<i }
            }
            i += 1
        }
        return start..<end
    }

    /// The shape of a possible extension at the end of a text: trailing digits and an optional `#`.
    struct Tail {
        /// Start of the trailing run of digits (before an optional final `#`).
        var digitsStart: Int
        /// End of that run.
        var digitsEnd: Int
        /// Whether a `#` ends the text.
        var hasHash: Bool
        var digitCount: Int { digitsEnd - digitsStart }
    }

    static func tail(_ text: Text) -> Tail {
        var end = text.count
        var hash = false
        if end > 0, text[end - 1] == 0x23 {
            hash = true
            end -= 1
        }
        var start = end
        while start > 0, CharacterClass.digitValue(text[start - 1]) >= 0 { start -= 1 }
        return Tail(digitsStart: start, digitsEnd: end, hasHash: hash)
    }

    /// Whether `text[from..<tail.digitsStart]` is the label part of one of libphonenumber's extension
    /// forms (`_create_extn_pattern(for_parsing=True)`), given the digits and `#` that follow it.
    static func isExtensionLabel(_ text: Text, from: Int, tail: Tail) -> Bool {
        let end = tail.digitsStart
        let digits = tail.digitCount
        guard digits > 0, from < end else { return false }
        // ;ext=  (RFC 3966)
        if !tail.hasHash, digits <= 20, matchesFolded(";ext=", text, from, end) { return true }
        // [- ]+ digits{1,6} #   (American style, '#' required)
        if tail.hasHash, digits <= 6 {
            var i = from
            while i < end, text[i] == 0x2D || text[i] == 0x20 { i += 1 }
            if i == end { return true }
        }
        // [ \u00A0\t,]* then an explicit label (digits{1,20}) or an ambiguous one (digits{1,9}).
        var i = from
        while i < end, isSeparatorBeforeLabel(text[i], allowComma: true) { i += 1 }
        let labelStart = i
        if labelStart < end, CharacterClass.isLabelStart(text[labelStart]) {
            if matchesLabel(text, from: labelStart, end: end, digits: digits) { return true }
        }
        // [ \u00A0\t]* (?:,{2}|;) after digits{1,15}    and    [ \u00A0\t]* ,+ after digits{1,9}
        i = from
        while i < end, isSeparatorBeforeLabel(text[i], allowComma: false) { i += 1 }
        if digits <= 15 {
            if i < end, text[i] == 0x3B, isAfterLabel(text, i + 1, end) { return true }
            if i + 1 < end, text[i] == 0x2C, text[i + 1] == 0x2C, isAfterLabel(text, i + 2, end) {
                return true
            }
        }
        if digits <= 9, i < end, text[i] == 0x2C {
            var j = i
            while j < end, text[j] == 0x2C {
                j += 1
                if isAfterLabel(text, j, end) { return true }
            }
        }
        return false
    }

    /// An explicit label (digits{1,20}) or an ambiguous one (digits{1,9}) at `labelStart`, then
    /// only separators up to `end`.
    static func matchesLabel(_ text: Text, from labelStart: Int, end: Int, digits: Int) -> Bool {
        for label in explicitLabels where digits <= 20 {
            if let after = prefixFolded(label, text, labelStart, end), isAfterLabel(text, after, end) {
                return true
            }
        }
        if digits <= 9 {
            for label in ambiguousLabels {
                if let after = prefixFolded(label, text, labelStart, end), isAfterLabel(text, after, end) {
                    return true
                }
            }
        }
        return false
    }

    /// The leftmost start of an extension (`_EXTN_PATTERN.search`), or nil.
    static func extensionStart(_ text: Text, tail: Tail) -> Int? {
        guard tail.digitCount > 0 else { return nil }
        var k = labelRunStart(text, before: tail.digitsStart)
        while k < tail.digitsStart {
            if isExtensionLabel(text, from: k, tail: tail) { return k }
            k += 1
        }
        return nil
    }

    /// The start of the run of characters before `end` that can belong to an extension label:
    /// a label can only begin inside it, so the search never looks further left.
    static func labelRunStart(_ text: Text, before end: Int) -> Int {
        var k = end
        while k > 0, isLabelCharacter(text[k - 1]) { k -= 1 }
        return k
    }

    /// Every character that occurs in libphonenumber's extension labels and separators.
    @inline(__always)
    static func isLabelCharacter(_ c: UInt32) -> Bool {
        if c < 0x80 {
            switch c {
            case 0x20, 0x2C, 0x3B, 0x3A, 0x2E, 0x2D, 0x3D, 0x23, 0x7E: return true
            default: return CharacterClass.isASCIILetter(c)
            }
        }
        switch c {
        case 0xFF0E, 0xFF03, 0xFF5E, 0xF3, 0xD3, 0x301, 0x434, 0x43E, 0x431, 0x414, 0x41E, 0x411:
            return true
        default:
            // Fullwidth letters (ｅｘｔｎｉ and their capitals).
            return (0xFF21...0xFF3A).contains(c) || (0xFF41...0xFF5A).contains(c)
        }
    }

    /// `_is_viable_phone_number`: at least two characters and a full match of
    /// `\d{2}|[+＋]*(?:[P*]*\d){3,}[P*A-Za-z\d]*(?:EXTENSION)?` (P: punctuation, case-insensitive).
    static func isViable(_ text: Text) -> Bool {
        let n = text.count
        guard n >= 2 else { return false }
        if n == 2, CharacterClass.digitValue(text[0]) >= 0, CharacterClass.digitValue(text[1]) >= 0 {
            return true
        }
        var i = 0
        while i < n, CharacterClass.isPlus(text[i]) { i += 1 }
        // The body may end at k when text[i..<k] is allowed and holds three digits before any letter.
        var digits = 0
        var thirdDigitEnd = -1
        var sawLetter = false
        var allowedEnd = i
        while allowedEnd < n {
            let c = text[allowedEnd]
            if CharacterClass.digitValue(c) >= 0 {
                if !sawLetter {
                    digits += 1
                    if digits == 3 { thirdDigitEnd = allowedEnd + 1 }
                }
            } else if c == 0x2A || CharacterClass.isPunctuation(c) {
                // allowed anywhere
            } else if CharacterClass.isASCIILetter(c) {
                sawLetter = true
            } else {
                break
            }
            allowedEnd += 1
        }
        guard thirdDigitEnd >= 0 else { return false }
        if allowedEnd == n { return true }
        let t = tail(text)
        guard t.digitCount > 0 else { return false }
        var k = max(thirdDigitEnd, labelRunStart(text, before: t.digitsStart))
        while k <= min(allowedEnd, t.digitsStart - 1) {
            if isExtensionLabel(text, from: k, tail: t) { return true }
            k += 1
        }
        return false
    }

    /// RFC 3966 `phone-context` values libphonenumber accepts: a global number (`+` then digits and
    /// visual separators) or a domain name.
    static func isValidPhoneContext(_ text: Text) -> Bool {
        guard !text.isEmpty else { return false }
        if text[0] == 0x2B {
            var digit = false
            for c in text.dropFirst() {
                if CharacterClass.digitValue(c) >= 0 {
                    digit = true
                } else if c != 0x2D, c != 0x2E, c != 0x28, c != 0x29 {
                    return false
                }
            }
            return digit
        }
        // ^([alnum]+((-)*[alnum])*\.)*[alpha]+((-)*[alnum])*\.?$
        var labels = 0
        var labelStart = 0
        var end = text.count
        if text[end - 1] == 0x2E { end -= 1 }
        guard end > 0 else { return false }
        var i = 0
        while i <= end {
            if i == end || text[i] == 0x2E {
                guard i > labelStart else { return false }
                let first = text[labelStart]
                let last = text[i - 1]
                let isAlnum = { (c: UInt32) in
                    CharacterClass.isASCIILetter(c) || CharacterClass.digitValue(c) >= 0
                }
                guard isAlnum(first), isAlnum(last) else { return false }
                for c in text[labelStart..<i] where !(isAlnum(c) || c == 0x2D) { return false }
                if i == end, !CharacterClass.isASCIILetter(first) { return false }
                labels += 1
                labelStart = i + 1
            }
            i += 1
        }
        return labels > 0
    }

    // MARK: Extension label pieces

    private static let explicitLabels: [[UInt32]] = [
        // e?xt(?:ensi(?:o\u0301?|\u00F3))?n?  — longest first does not matter: every split is tried.
        [0x65, 0x78, 0x74, 0x65, 0x6E, 0x73, 0x69, 0x6F, 0x301, 0x6E],
        [0x65, 0x78, 0x74, 0x65, 0x6E, 0x73, 0x69, 0x6F, 0x301],
        [0x65, 0x78, 0x74, 0x65, 0x6E, 0x73, 0x69, 0x6F, 0x6E],
        [0x65, 0x78, 0x74, 0x65, 0x6E, 0x73, 0x69, 0x6F],
        [0x65, 0x78, 0x74, 0x65, 0x6E, 0x73, 0x69, 0xF3, 0x6E],
        [0x65, 0x78, 0x74, 0x65, 0x6E, 0x73, 0x69, 0xF3],
        [0x78, 0x74, 0x65, 0x6E, 0x73, 0x69, 0x6F, 0x301, 0x6E],
        [0x78, 0x74, 0x65, 0x6E, 0x73, 0x69, 0x6F, 0x301],
        [0x78, 0x74, 0x65, 0x6E, 0x73, 0x69, 0x6F, 0x6E],
        [0x78, 0x74, 0x65, 0x6E, 0x73, 0x69, 0x6F],
        [0x78, 0x74, 0x65, 0x6E, 0x73, 0x69, 0xF3, 0x6E],
        [0x78, 0x74, 0x65, 0x6E, 0x73, 0x69, 0xF3],
        [0x65, 0x78, 0x74, 0x6E], [0x65, 0x78, 0x74], [0x78, 0x74, 0x6E], [0x78, 0x74],
        // \uFF45?\uFF58\uFF54\uFF4E?
        [0xFF45, 0xFF58, 0xFF54, 0xFF4E], [0xFF45, 0xFF58, 0xFF54], [0xFF58, 0xFF54, 0xFF4E],
        [0xFF58, 0xFF54],
        // доб, anexo
        [0x434, 0x43E, 0x431], [0x61, 0x6E, 0x65, 0x78, 0x6F],
    ]

    private static let ambiguousLabels: [[UInt32]] = [
        [0x78], [0xFF58], [0x23], [0xFF03], [0x7E], [0xFF5E], [0x69, 0x6E, 0x74], [0xFF49, 0xFF4E, 0xFF54],
    ]

    @inline(__always)
    private static func isSeparatorBeforeLabel(_ c: UInt32, allowComma: Bool) -> Bool {
        // `[ \u00A0\t]` on folded text (every space is U+0020 there).
        c == 0x20 || (allowComma && c == 0x2C)
    }

    /// `[:\.．]?[ \u00A0\t,-]*` must take all of `text[from..<end]`.
    private static func isAfterLabel(_ text: Text, _ from: Int, _ end: Int) -> Bool {
        var i = from
        if i < end, text[i] == 0x3A || text[i] == 0x2E || text[i] == 0xFF0E { i += 1 }
        while i < end {
            let c = text[i]
            // `[ \u00A0\t,-]` on folded text.
            guard c == 0x20 || c == 0x2C || c == 0x2D else { return false }
            i += 1
        }
        return true
    }

    /// If `text[from...]` starts with `label` (case-folded), the index after it.
    private static func prefixFolded(_ label: [UInt32], _ text: Text, _ from: Int, _ end: Int) -> Int? {
        guard end - from >= label.count else { return nil }
        for (k, l) in label.enumerated() where CharacterClass.foldCase(text[from + k]) != l { return nil }
        return from + label.count
    }

    private static func matchesFolded(_ label: StaticString, _ text: Text, _ from: Int, _ end: Int) -> Bool {
        let n = label.utf8CodeUnitCount
        guard end - from == n else { return false }
        for k in 0..<n where CharacterClass.foldCase(text[from + k]) != UInt32(label.utf8Start[k]) {
            return false
        }
        return true
    }
}
