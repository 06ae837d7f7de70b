import Foundation
import PhoneNumbers
import Testing

@Suite("String and Codable conversions")
struct ConversionTests {
    static let numbers: [(text: String, region: String?, description: String)] = [
        ("+44 20 7946 0958", nil, "+442079460958"),
        ("(201) 555-0123 ext. 42", "US", "+12015550123;ext=42"),
        ("030 123456", "DE", "+4930123456"),
        ("+39 06 1234 5678", nil, "+390612345678"),
        ("tel:+1-201-555-0123;ext=7", nil, "+12015550123;ext=7"),
        ("+800 1234 5678", nil, "+80012345678"),
    ]

    @Test("description is E.164 with ;ext=, and reads back as the same number", arguments: numbers)
    func roundTrip(_ example: (text: String, region: String?, description: String)) throws {
        let number = try PhoneNumber(parsing: example.text, region: example.region)
        #expect(number.description == example.description)
        #expect(PhoneNumber(number.description) == number)
        #expect("\(number)" == example.description)
    }

    @Test("Codable: a JSON string, decoded to an equal number", arguments: numbers)
    func codable(_ example: (text: String, region: String?, description: String)) throws {
        let number = try PhoneNumber(parsing: example.text, region: example.region)
        let data = try JSONEncoder().encode(["phone": number])
        #expect(String(decoding: data, as: UTF8.self) == #"{"phone":"\#(example.description)"}"#)
        #expect(try JSONDecoder().decode([String: PhoneNumber].self, from: data)["phone"] == number)
    }

    @Test(
        "Text that is not a number: nil, and a decoding error naming the rule",
        arguments: [("", "not_a_number"), ("hello", "not_a_number"), ("2015550123", "missing_region")]
    )
    func refused(_ text: String, _ identifier: String) throws {
        #expect(PhoneNumber(text) == nil)
        let json = Data(#"["\#(text)"]"#.utf8)
        do {
            _ = try JSONDecoder().decode([PhoneNumber].self, from: json)
            Issue.record("decoded \(text)")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains(identifier))
        }
    }

    @Test("Hashable: the same number written two ways is one set member")
    func hashable() throws {
        let a = try PhoneNumber(parsing: "+1 201-555-0123")
        let b = try PhoneNumber(parsing: "(201) 555 0123", region: "us")
        #expect(Set([a, b]).count == 1)
    }
}
