import PhoneNumbers
import Testing

/// Bytes are decoded by the parser's own UTF-8 reader; a `String` made from the same bytes has
/// been decoded by the standard library. Both must read every input alike, ill-formed ones too
/// (each ill-formed sequence is one U+FFFD, never a digit).
@Suite("UTF-8 input")
struct UTF8InputTests {
    static func sameAnswer(_ bytes: [UInt8], region: String?) -> Bool {
        let fromBytes = Result { () throws(PhoneNumberParseError) -> PhoneNumber in
            try bytes.withUnsafeBufferPointer { buffer throws(PhoneNumberParseError) -> PhoneNumber in
                try PhoneNumber(parsingUTF8: buffer, region: region)
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let fromString = Result { () throws(PhoneNumberParseError) -> PhoneNumber in
            try PhoneNumber(parsing: text, region: region)
        }
        switch (fromBytes, fromString) {
        case (.success(let a), .success(let b)): return a == b
        case (.failure(let a), .failure(let b)): return a == b
        default: return false
        }
    }

    static let cases: [(String, [UInt8])] = [
        ("Arabic-Indic digits (2 bytes)", Array("+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨".utf8)),
        ("Devanagari digits (3 bytes)", Array("+४४ २० ७९४६ ०९५८".utf8)),
        ("mathematical bold digits (4 bytes)", Array("+𝟒𝟒 𝟐𝟎 𝟕𝟗𝟒𝟔 𝟎𝟗𝟓𝟖".utf8)),
        ("overlong two-byte form", [0x2B, 0x34, 0x34, 0xC0, 0xB2] + Array("0 7946 0958".utf8)),
        ("overlong three-byte form", [0x2B, 0x34, 0x34, 0xE0, 0x80, 0xB2] + Array("07946 0958".utf8)),
        ("UTF-16 surrogate", [0x2B, 0x34, 0x34, 0xED, 0xA0, 0x80] + Array("2079460958".utf8)),
        ("past U+10FFFF", [0x2B, 0x34, 0x34, 0xF4, 0x90, 0x80, 0x80] + Array("2079460958".utf8)),
        ("lone continuation byte", [0x2B, 0x34, 0x34, 0x80] + Array("2079460958".utf8)),
        ("truncated sequence at the end", Array("+442079460958".utf8) + [0xE0, 0xA4]),
        ("truncated sequence inside", Array("+44 20".utf8) + [0xF0, 0x9F] + Array(" 7946 0958".utf8)),
        ("invalid lead bytes", [0xF5, 0xFF, 0xFE] + Array("020 7946 0958".utf8)),
    ]

    @Test("Bytes and String read alike", arguments: cases)
    func table(_ name: String, _ bytes: [UInt8]) {
        #expect(Self.sameAnswer(bytes, region: nil), "\(name)")
        #expect(Self.sameAnswer(bytes, region: "GB"), "\(name)")
    }

    @Test("Random multi-byte text reads alike through bytes and String")
    func randomBytes() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        // Digits, separators, lead and continuation bytes and whole scalars, so that sequences
        // come out well-formed and ill-formed in every way.
        let pieces: [[UInt8]] = [
            Array("0123456789".utf8), [0x20], [0x2B], [0x2D], [0xC2], [0xD9], [0xE0], [0xED], [0xF0], [0xF4],
            [0xF5], [0x80], [0xA0], [0xBF], Array("٣".utf8), Array("३".utf8), Array("𝟑".utf8),
            Array("－".utf8),
        ]
        for _ in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(next() % 24) {
                let piece = pieces[Int(next() % UInt64(pieces.count))]
                bytes.append(
                    piece.count == 10 ? piece[Int(next() % 10)] : piece[Int(next() % UInt64(piece.count))])
                if piece.count > 1, piece.count < 10, next() % 2 == 0 { bytes += piece }
            }
            let region = next() % 2 == 0 ? "GB" : nil
            #expect(Self.sameAnswer(bytes, region: region), "\(bytes)")
        }
    }
}
