import MessageTemplates
import Testing

struct SMSCase: Sendable, CustomTestStringConvertible {
    let label: String
    let text: String
    let encoding: SMSEncoding
    let units: Int
    let segments: Int
    var testDescription: String { label }
}

private func rep(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

/// Every character of the GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1) except the escape,
/// written out independently of the library's table, in code order.
private let defaultAlphabetText =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

@Suite("SMS analysis (3GPP TS 23.038)")
struct SMSAnalysisTests {
    static let cases: [SMSCase] = [
        SMSCase(label: "empty", text: "", encoding: .gsm7, units: 0, segments: 1),
        SMSCase(label: "160 GSM-7", text: rep("a", 160), encoding: .gsm7, units: 160, segments: 1),
        SMSCase(label: "161 GSM-7", text: rep("a", 161), encoding: .gsm7, units: 161, segments: 2),
        SMSCase(label: "153x2 GSM-7", text: rep("a", 306), encoding: .gsm7, units: 306, segments: 2),
        SMSCase(label: "153x2+1 GSM-7", text: rep("a", 307), encoding: .gsm7, units: 307, segments: 3),
        SMSCase(
            label: "158 + euro fits one", text: rep("a", 158) + "€", encoding: .gsm7, units: 160, segments: 1),
        SMSCase(label: "159 + euro", text: rep("a", 159) + "€", encoding: .gsm7, units: 161, segments: 2),
        SMSCase(
            label: "152 + euro + 152: escape pair moves", text: rep("a", 152) + "€" + rep("a", 152),
            encoding: .gsm7, units: 306, segments: 3),
        SMSCase(
            label: "153 + euro + 151: pair starts part 2", text: rep("a", 153) + "€" + rep("a", 151),
            encoding: .gsm7, units: 306, segments: 2),
        SMSCase(
            label: "152 + euro + 8", text: rep("a", 152) + "€" + rep("a", 8), encoding: .gsm7, units: 162,
            segments: 2),
        SMSCase(label: "70 UCS-2", text: rep("ж", 70), encoding: .ucs2, units: 70, segments: 1),
        SMSCase(label: "71 UCS-2", text: rep("ж", 71), encoding: .ucs2, units: 71, segments: 2),
        SMSCase(label: "67x2 UCS-2", text: rep("ж", 134), encoding: .ucs2, units: 134, segments: 2),
        SMSCase(label: "67x2+1 UCS-2", text: rep("ж", 135), encoding: .ucs2, units: 135, segments: 3),
        SMSCase(
            label: "66 + emoji + 66: surrogate pair moves", text: rep("ж", 66) + "😀" + rep("ж", 66),
            encoding: .ucs2, units: 134, segments: 3),
        SMSCase(
            label: "67 + emoji + 65: pair starts part 2", text: rep("ж", 67) + "😀" + rep("ж", 65),
            encoding: .ucs2, units: 134, segments: 2),
        SMSCase(
            label: "68 + emoji fits one", text: rep("ж", 68) + "😀", encoding: .ucs2, units: 70, segments: 1),
        SMSCase(
            label: "ASCII text, ASCII GSM in UCS-2", text: "Hello Łukasz", encoding: .ucs2, units: 12,
            segments: 1),
        SMSCase(
            label: "all default alphabet", text: defaultAlphabetText, encoding: .gsm7, units: 127, segments: 1
        ),
        SMSCase(
            label: "extension chars in UCS-2 cost one", text: "€{}ж", encoding: .ucs2, units: 4, segments: 1),
    ]

    @Test("units and segments at every boundary", arguments: cases)
    func counts(_ c: SMSCase) {
        let analysis = SMSAnalysis(c.text)
        #expect(analysis.encoding == c.encoding)
        #expect(analysis.units == c.units)
        #expect(analysis.segments == c.segments)
        let reference = referenceAnalysis(c.text)
        #expect(reference.units == c.units && reference.segments == c.segments)
    }

    @Test(
        "every extension character costs two septets",
        arguments: ["^", "{", "}", "\\", "[", "~", "]", "|", "€", "\u{0C}"])
    func extensionCharacters(_ character: String) {
        let analysis = SMSAnalysis("ab" + character)
        #expect(analysis.encoding == .gsm7)
        #expect(analysis.units == 4)
        #expect(analysis.extensionCharacterCount == 1)
        #expect(GSM7Alphabet.septets(for: character.unicodeScalars.first ?? "a") == 2)
    }

    struct ReasonCase: Sendable, CustomTestStringConvertible {
        let label: String
        let text: String
        let scalars: [Unicode.Scalar]
        let byteOffsets: [Int]
        let utf16Offsets: [Int]
        let characterOffset: Int
        var testDescription: String { label }
    }

    static let reasons: [ReasonCase] = [
        ReasonCase(
            label: "non-GSM Latin letter", text: "Hello Łukasz", scalars: ["Ł"], byteOffsets: [6],
            utf16Offsets: [6],
            characterOffset: 6),
        ReasonCase(
            label: "Cyrillic", text: "Код 1", scalars: ["К", "о", "д"], byteOffsets: [0, 2, 4],
            utf16Offsets: [0, 1, 2],
            characterOffset: 0),
        ReasonCase(
            label: "CJK", text: "OTP 验证码", scalars: ["验", "证", "码"], byteOffsets: [4, 7, 10],
            utf16Offsets: [4, 5, 6], characterOffset: 4),
        ReasonCase(
            label: "emoji outside the BMP", text: "Code 😀 1", scalars: ["😀"], byteOffsets: [5],
            utf16Offsets: [5],
            characterOffset: 5),
        ReasonCase(
            label: "backtick", text: "it`s", scalars: ["`"], byteOffsets: [2], utf16Offsets: [2],
            characterOffset: 2),
        ReasonCase(
            label: "tab", text: "a\tb", scalars: ["\t"], byteOffsets: [1], utf16Offsets: [1],
            characterOffset: 1),
        ReasonCase(
            label: "lower-case c cedilla (only Ç is GSM-7)", text: "Français", scalars: ["ç"],
            byteOffsets: [4],
            utf16Offsets: [4], characterOffset: 4),
        ReasonCase(
            label: "after combining mark", text: "e\u{301}😀x", scalars: ["\u{301}", "😀"],
            byteOffsets: [1, 3],
            utf16Offsets: [1, 2], characterOffset: 0),
    ]

    @Test("reports each character that forces UCS-2 with its positions", arguments: reasons)
    func ucs2Reasons(_ c: ReasonCase) {
        let analysis = SMSAnalysis(c.text)
        #expect(analysis.encoding == .ucs2)
        #expect(analysis.nonGSMCharacters.map(\.scalar) == c.scalars)
        #expect(analysis.nonGSMCharacters.map(\.byteOffset) == c.byteOffsets)
        #expect(analysis.nonGSMCharacters.map(\.utf16Offset) == c.utf16Offsets)
        #expect(analysis.nonGSMCharacterCount == c.scalars.count)
        #expect(analysis.nonGSMCharacters.first?.characterOffset(in: c.text) == c.characterOffset)
    }

    @Test("scalar offsets and the reason limit")
    func reasonLimit() {
        let analysis = SMSAnalysis("ab" + rep("ж", 40), reasonLimit: 3)
        #expect(analysis.nonGSMCharacterCount == 40)
        #expect(analysis.nonGSMCharacters.map(\.scalarOffset) == [2, 3, 4])
        #expect(SMSAnalysis("жж", reasonLimit: 0).nonGSMCharacters.isEmpty)
    }

    @Test("the default alphabet table matches 3GPP TS 23.038 code order")
    func defaultAlphabetTable() {
        let table = GSM7Alphabet.defaultAlphabet
        #expect(table.count == 128)
        #expect(table[0x1B] == nil)
        let expected = Array(defaultAlphabetText.unicodeScalars)
        #expect(table.compactMap { $0 } == expected)
        #expect(table[0x00] == "@" && table[0x02] == "$" && table[0x24] == "¤" && table[0x40] == "¡")
        #expect(table[0x60] == "¿" && table[0x7F] == "à" && table[0x11] == "_")
        #expect(GSM7Alphabet.septets(for: "`") == nil)
        #expect(GSM7Alphabet.septets(for: "\u{1B}") == nil)
        #expect(GSM7Alphabet.extensionTable.count == 10)
    }

    @Test("remaining units in the last part")
    func remaining() {
        #expect(SMSAnalysis(rep("a", 150)).remainingUnits == 10)
        #expect(SMSAnalysis(rep("a", 161)).remainingUnits == 145)
        #expect(SMSAnalysis(rep("a", 152) + "€" + rep("a", 152)).remainingUnits == 152)
        #expect(SMSAnalysis(rep("ж", 71)).unitsPerSegment == 67)
    }

    @Test("ill-formed UTF-8: one U+FFFD per maximal subpart, and it forces UCS-2")
    func invalidUTF8() {
        // a, FF (one U+FFFD), b, E2 82 (a truncated sequence: one U+FFFD).
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xE2, 0x82]
        let analysis = bytes.withUnsafeBufferPointer { SMSAnalysis(utf8: $0) }
        #expect(analysis.encoding == .ucs2)
        #expect(analysis.units == 4)
        #expect(analysis.nonGSMCharacters.map(\.byteOffset) == [1, 3])
    }

    @Test(
        "bytes and the String they decode to give the same analysis (one replacement rule)",
        arguments: 0..<4)
    func bytesAgreeWithString(_ seed: Int) {
        var rng = SplitMix64(seed: 0xB17E_0000 + UInt64(seed))
        // Pieces that make well-formed and ill-formed sequences of every kind: truncations,
        // overlongs, surrogates, values past U+10FFFF, stray continuation bytes.
        let pieces: [[UInt8]] = [
            [0x61], [0x20], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xF0, 0x9F, 0x98], [0xE2, 0x82],
            [0xC3], [0xC3, 0xA9], [0x80], [0xBF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF5], [0xFF], [0xCE, 0x94], [0x7B],
        ]
        for _ in 0..<500 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...200, using: &rng) { bytes += rng.pick(pieces) }
            let fromBytes = bytes.withUnsafeBufferPointer { SMSAnalysis(utf8: $0) }
            let fromString = SMSAnalysis(String(decoding: bytes, as: UTF8.self))
            #expect(fromBytes.encoding == fromString.encoding, "\(bytes)")
            #expect(fromBytes.units == fromString.units, "\(bytes)")
            #expect(fromBytes.segments == fromString.segments, "\(bytes)")
            #expect(fromBytes.nonGSMCharacters.count == fromString.nonGSMCharacters.count, "\(bytes)")
        }
    }

    @Test("fast path agrees with the plain reference on random text", arguments: 0..<4)
    func matchesReference(_ seed: Int) {
        var rng = SplitMix64(seed: 0x5E6_0000 + UInt64(seed))
        let pieces = ["a", "b", " ", "€", "{", "é", "Δ", "\n", "1"] + (seed >= 2 ? ["ж", "😀", "`"] : [])
        for _ in 0..<400 {
            var text = ""
            let length = Int.random(in: 0...420, using: &rng)
            for _ in 0..<length {
                text += Bool.random(using: &rng) ? "a" : rng.pick(pieces)
            }
            let analysis = SMSAnalysis(text)
            let reference = referenceAnalysis(text)
            #expect(analysis.encoding == reference.encoding)
            #expect(analysis.units == reference.units)
            #expect(analysis.segments == reference.segments, "\(text.debugDescription)")
        }
    }
}
