// fuzz-phone: PhoneNumber parsing and formatting on arbitrary bytes.
//
// Input: byte 0 picks the default region (nil, common regions, unknown and lowercase codes); the
// rest is the text, read both as UTF-8 bytes (`init(parsingUTF8:region:)`) and as a `String`
// (`String(decoding:as:)`, then `init(parsing:region:)` for String and Substring).
//
// Invariants (docs/FUZZING.md):
// 1. More than 250 bytes always throws `inputTooLong` with the byte count; nothing traps.
// 2. Well-formed UTF-8 gives the same result through the byte and the String entry points.
// 3. A parsed number formats in every format; E.164 is `+` and digits and equals `.e164`;
//    the national significant number is its leading zeros and digits; an extension is digits.
// 4. Every parsed number's E.164 re-parses without a region to the same E.164, type and region.
// 5. A valid number's E.164 re-parses without a region to the same calling code, national
//    significant number, type and region; so do its international and RFC 3966 forms, with its
//    extension (when it has at most 9 and 20 digits: libphonenumber's limits for those labels).
import FuzzSupport
import PhoneNumbers

let regions: [String?] = [
    nil, "US", "GB", "DE", "IT", "BR", "AR", "MX", "JP", "IN", "CN", "RU", "AU", "FR", "KR", "CI", "NZ",
    "001", "ZZ", "XX", "gb", "us", "", "U", "USA",
]

typealias ParseResult = Result<PhoneNumber, PhoneNumberParseError>

func parseBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ region: String?) -> ParseResult {
    Result { () throws(PhoneNumberParseError) -> PhoneNumber in
        try PhoneNumber(parsingUTF8: bytes, region: region)
    }
}

func parseString(_ text: String, _ region: String?) -> ParseResult {
    Result { () throws(PhoneNumberParseError) -> PhoneNumber in try PhoneNumber(parsing: text, region: region)
    }
}

func parseSubstring(_ text: Substring, _ region: String?) -> ParseResult {
    Result { () throws(PhoneNumberParseError) -> PhoneNumber in try PhoneNumber(parsing: text, region: region)
    }
}

func isDigits(_ text: String) -> Bool {
    !text.isEmpty && text.utf8.allSatisfy { $0 &- 0x30 < 10 }
}

func checkLengthBound(_ result: ParseResult, byteCount: Int, _ what: String) {
    guard byteCount > 250 else { return }
    invariant(
        result == .failure(.inputTooLong(byteCount: byteCount)),
        "\(what): \(byteCount) bytes must throw inputTooLong(\(byteCount)), got \(result)")
}

func checkNumber(_ number: PhoneNumber, input describe: () -> String) {
    let e164 = number.e164
    invariant((1...999).contains(number.countryCode), "calling code \(number.countryCode) for \(describe())")
    invariant(
        e164.utf8.first == 0x2B && isDigits(String(e164.dropFirst())) && e164.utf8.count <= 1 + 3 + 17 + 255,
        "e164 \(literal(e164.utf8)) for \(describe())")
    let nsn = number.nationalSignificantNumber
    invariant(isDigits(nsn), "NSN \(literal(nsn.utf8)) for \(describe())")
    let expectedNSN = String(repeating: "0", count: Int(number.leadingZeros)) + String(number.nationalNumber)
    invariant(
        nsn == expectedNSN && nsn.utf8.count <= 17,
        "NSN \(nsn) vs \(number.leadingZeros) zeros + \(number.nationalNumber) for \(describe())")
    invariant(
        e164 == "+" + String(number.countryCode) + nsn, "e164 \(e164) is not + code + NSN for \(describe())")
    if let ext = number.extension {
        invariant(isDigits(ext), "extension \(literal(ext.utf8)) for \(describe())")
    }
    if let region = number.regionCode {
        invariant(
            region == "001" || (region.utf8.count == 2 && region.utf8.allSatisfy { $0 &- 0x41 < 26 }),
            "region \(literal(region.utf8)) for \(describe())")
    }
    for format in PhoneNumberFormat.allCases {
        let text = number.formatted(format)
        invariant(
            !text.isEmpty && text.utf8.allSatisfy { $0 < 0x80 },
            "\(format) \(literal(text.utf8)) for \(describe())")
        if format == .e164 {
            invariant(text == e164, "formatted(.e164) \(text) != e164 \(e164) for \(describe())")
        }
    }
    // Valid or not, the E.164 names the number: it reads back as itself.
    switch parseString(e164, nil) {
    case .failure(let error):
        invariant(false, "\(describe()) (\(number)): its E.164 \(e164) fails: \(error)")
    case .success(let again):
        invariant(
            again.e164 == e164 && again.type == number.type && again.regionCode == number.regionCode,
            "\(describe()) (\(number)): its E.164 \(e164) re-parses as \(again)")
    }
    guard number.isValid else { return }
    invariant(number.type != .unknown, "valid number of unknown type for \(describe())")
    // libphonenumber reads at most 9 extension digits after the ambiguous labels some regions
    // write (` x`, `#`) and 20 after `;ext=`; longer extensions do not survive those forms there
    // either (e.g. `+44 55 4000 0005 x000000000000000` is too long), so they are not checked.
    let extensionDigits = number.extension?.utf8.count ?? 0
    var forms: [(String, PhoneNumberFormat)] = [(e164, .e164)]
    if extensionDigits <= 9 { forms.append((number.formatted(.international), .international)) }
    if extensionDigits <= 20 { forms.append((number.formatted(.rfc3966), .rfc3966)) }
    for (text, format) in forms {
        switch parseString(text, nil) {
        case .failure(let error):
            invariant(
                false,
                "valid \(describe()) (\(number)): its \(format) form \(literal(text.utf8)) fails: \(error)")
        case .success(let again):
            invariant(
                again.countryCode == number.countryCode
                    && again.nationalSignificantNumber == number.nationalSignificantNumber
                    && again.type == number.type && again.regionCode == number.regionCode
                    && (format == .e164 || again.extension == number.extension),
                "valid \(describe()) (\(number)): its \(format) form \(literal(text.utf8)) re-parses as \(again)"
            )
        }
    }
}

/// libFuzzer's entry point: checks the invariants above on one input; returns 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPhone(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    withFuzzInput(data, size) { input in
        let (choice, payload) = input.choiceAndPayload
        let region = regions[Int(choice) % regions.count]
        let description = { "\(literal(payload)) region \(region.map { literal($0.utf8) } ?? "nil")" }

        let fromBytes = parseBytes(payload, region)
        checkLengthBound(fromBytes, byteCount: payload.count, "parsingUTF8")

        let text = String(decoding: payload, as: UTF8.self)
        let fromString = parseString(text, region)
        checkLengthBound(fromString, byteCount: text.utf8.count, "parsing String")
        let fromSubstring = parseSubstring(text[...], region)
        invariant(
            fromSubstring == fromString,
            "Substring \(fromSubstring) != String \(fromString) for \(description())")

        if text.utf8.elementsEqual(payload) {
            invariant(
                fromBytes == fromString, "bytes \(fromBytes) != String \(fromString) for \(description())")
        }
        if case .success(let number) = fromBytes { checkNumber(number, input: description) }
        if case .success(let number) = fromString { checkNumber(number, input: description) }
    }
}

runFuzzer(fuzzPhone)
