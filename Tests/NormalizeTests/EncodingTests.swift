import PhoneNumbers
import Testing

@testable import NormalizeCore

@Suite("byte encodings")
struct EncodingTests {
    static let utf8Cases: [([UInt8], Bool)] = [
        (Array("plain ASCII, longer than eight bytes".utf8), true),
        (Array("Zoë ☎ 𝟘 +٤٤".utf8), true),
        ([], true),
        ([0xC3, 0x28], false),  // bad continuation
        ([0xC0, 0xAF], false),  // overlong
        ([0xE0, 0x80, 0xAF], false),  // overlong three-byte
        ([0xED, 0xA0, 0x80], false),  // surrogate
        ([0xF4, 0x90, 0x80, 0x80], false),  // above U+10FFFF
        ([0xF0, 0x9F, 0x98], false),  // truncated
        (Array("12345678".utf8) + [0xFF], false),  // after the eight-byte fast path
        ([0xF0, 0x9F, 0x98, 0x80], true),  // U+1F600
    ]

    @Test(arguments: utf8Cases)
    func utf8Validation(_ bytes: [UInt8], _ valid: Bool) {
        #expect(bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) } == valid)
    }

    static let jsonCases: [([UInt8], String)] = [
        (Array("plain".utf8), "\"plain\""),
        (Array("q\"b\\s/".utf8), "\"q\\\"b\\\\s/\""),
        ([0x0A, 0x0D, 0x09, 0x08, 0x0C, 0x00, 0x1F, 0x7F], "\"\\n\\r\\t\\b\\f\\u0000\\u001f\u{7F}\""),
        (Array("Zoë ☎".utf8), "\"Zoë ☎\""),
        ([0x61, 0xFF, 0x62], "\"a\u{FFFD}b\""),
        ([0xE2, 0x98], "\"\u{FFFD}\""),  // one maximal subpart, one replacement
        ([0xF0, 0x9F, 0x98, 0x41], "\"\u{FFFD}A\""),
        ([0xC0, 0xAF], "\"\u{FFFD}\u{FFFD}\""),
    ]

    @Test("JSON strings (RFC 8259 §7), ill-formed UTF-8 replaced by U+FFFD", arguments: jsonCases)
    func jsonString(_ bytes: [UInt8], _ expected: String) {
        let buffer = ByteBuffer(capacity: 4)
        bytes.withUnsafeBufferPointer { buffer.appendJSONString($0) }
        #expect(buffer.array == Array(expected.utf8))
    }

    static let csvCases: [(String, String)] = [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("", ""), ("cr\r", "\"cr\r\""),
    ]

    @Test("CSV fields (RFC 4180 §2)", arguments: csvCases)
    func csvField(_ value: String, _ expected: String) {
        let buffer = ByteBuffer()
        buffer.appendCSVField(value, delimiter: UInt8(ascii: ","))
        #expect(String(decoding: buffer.array, as: UTF8.self) == expected)
    }

    @Test("TSV fields escape tab, line feed, carriage return and backslash")
    func tsvField() {
        let buffer = ByteBuffer()
        Array("a\tb\nc\rd\\e".utf8).withUnsafeBufferPointer { buffer.appendTSVField($0) }
        #expect(String(decoding: buffer.array, as: UTF8.self) == "a\\tb\\nc\\rd\\\\e")
    }

    @Test(arguments: [0, 7, 10, 99, 1_000_000, Int.max, -42])
    func decimal(_ value: Int) {
        let buffer = ByteBuffer(capacity: 1)
        buffer.appendDecimal(value)
        #expect(String(decoding: buffer.array, as: UTF8.self) == String(value))
    }

    @Test(
        "E.164 written from the number's parts equals PhoneNumber.e164",
        arguments: [
            "(201) 555-0123", "+44 20 7946 0958", "+39 06 6982 1234", "+225 27 22 12 34 56", "+800 1234 5678",
            "+1 201-555-0123 ext. 42", "12",
        ])
    func e164(_ text: String) throws {
        let number = try PhoneNumber(parsing: text, region: "US")
        let buffer = ByteBuffer()
        buffer.appendE164(number)
        #expect(String(decoding: buffer.array, as: UTF8.self) == number.e164)
    }
}
