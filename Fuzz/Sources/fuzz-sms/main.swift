// fuzz-sms: SMS cost analysis (3GPP TS 23.038 alphabets, TS 23.040 segmentation) on arbitrary text.
//
// Input: byte 0 picks the reason limit (-2 ... 17); the rest is the text, analysed as a String
// (`String(decoding:as:)`, always well-formed) and as raw bytes (`init(utf8:)`, maybe ill-formed).
//
// Invariants (docs/FUZZING.md):
// 1. Against a reference written here from the standard's tables (not the module's): the encoding
//    is GSM-7 iff every character is in the default alphabet or its extension table; units are
//    septets (2 for extension characters) or UTF-16 units; segments are 1 if the units fit one
//    part (160 / 70), else the greedy count with parts of 153 / 67 that never split an escape or
//    surrogate pair; extension characters are counted.
// 2. Segments: 1 when units <= the single limit; otherwise at least ceil(units / multipart limit)
//    and at most ceil(units / (multipart limit - 1)); unitsPerSegment and remainingUnits agree.
// 3. GSM-7 iff no non-GSM character is reported; the reported characters are exactly the first
//    `reasonLimit` non-GSM characters with their correct byte, scalar and UTF-16 offsets.
// 4. The String and the bytes entry points agree on well-formed UTF-8; ill-formed bytes keep 2 and 3.
import FuzzSupport
import MessageTemplates

/// 3GPP TS 23.038 §6.2.1 table 1 (the default alphabet, 0x1B the escape left out) and §6.2.1.1
/// table 2 (the extension table), typed in from the standard.
let basicCharacters =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
let extensionCharacters = "\u{0C}^{}\\[~]|€"
let basicSet = Set(basicCharacters.unicodeScalars.map(\.value))
let extensionSet = Set(extensionCharacters.unicodeScalars.map(\.value))

func referenceSeptets(_ scalar: Unicode.Scalar) -> Int? {
    if basicSet.contains(scalar.value) { return 1 }
    if extensionSet.contains(scalar.value) { return 2 }
    return nil
}

struct Reference {
    var encoding: SMSEncoding
    var units: Int
    var segments: Int
    var extensions: Int
    var remaining: Int
    /// Every non-GSM scalar with its UTF-8, scalar and UTF-16 offsets.
    var nonGSM: [NonGSMCharacter]
}

/// The analysis of a sequence of scalars, each with its UTF-8 length in the analysed bytes.
func reference(_ scalars: [(scalar: Unicode.Scalar, bytes: Int)]) -> Reference {
    let gsm = scalars.allSatisfy { referenceSeptets($0.scalar) != nil }
    let encoding: SMSEncoding = gsm ? .gsm7 : .ucs2
    var costs: [Int] = []
    var nonGSM: [NonGSMCharacter] = []
    var byteOffset = 0
    var utf16Offset = 0
    for (index, item) in scalars.enumerated() {
        let septets = referenceSeptets(item.scalar)
        let width = item.scalar.value > 0xFFFF ? 2 : 1
        if septets == nil {
            nonGSM.append(
                NonGSMCharacter(
                    scalar: item.scalar, byteOffset: byteOffset, scalarOffset: index, utf16Offset: utf16Offset
                ))
        }
        costs.append(gsm ? (septets ?? 0) : width)
        byteOffset += item.bytes
        utf16Offset += width
    }
    let units = costs.reduce(0, +)
    let extensions = gsm ? costs.filter { $0 == 2 }.count : 0
    if units <= encoding.singleSegmentUnits {
        return Reference(
            encoding: encoding, units: units, segments: 1, extensions: extensions,
            remaining: encoding.singleSegmentUnits - units, nonGSM: nonGSM)
    }
    var segments = 1
    var fill = 0
    for cost in costs {
        if fill + cost > encoding.multipartSegmentUnits {
            segments += 1
            fill = cost
        } else {
            fill += cost
        }
    }
    return Reference(
        encoding: encoding, units: units, segments: segments, extensions: extensions,
        remaining: encoding.multipartSegmentUnits - fill, nonGSM: nonGSM)
}

/// Scalars of possibly ill-formed UTF-8, one U+FFFD for each maximal subpart of an ill-formed
/// sequence (Unicode §3.9), as the standard library's parser reports them: the documented rule.
func scalarsOfBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> [(scalar: Unicode.Scalar, bytes: Int)] {
    var result: [(scalar: Unicode.Scalar, bytes: Int)] = []
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid(let encoded): result.append((Unicode.UTF8.decode(encoded), encoded.count))
        case .error(let length): result.append(("\u{FFFD}", length))
        case .emptyInput: return result
        }
    }
}

func check(_ analysis: SMSAnalysis, _ want: Reference, reasonLimit: Int, input: () -> String) {
    invariant(
        analysis.encoding == want.encoding, "encoding \(analysis.encoding) != \(want.encoding) for \(input())"
    )
    invariant(analysis.units == want.units, "units \(analysis.units) != \(want.units) for \(input())")
    invariant(
        analysis.segments == want.segments, "segments \(analysis.segments) != \(want.segments) for \(input())"
    )
    invariant(
        analysis.extensionCharacterCount == want.extensions,
        "extensions \(analysis.extensionCharacterCount) != \(want.extensions) for \(input())")
    invariant(
        analysis.remainingUnits == want.remaining, "remaining \(analysis.remainingUnits) for \(input())")
    let encoding = analysis.encoding
    let units = analysis.units
    if units <= encoding.singleSegmentUnits {
        invariant(
            analysis.segments == 1 && analysis.unitsPerSegment == encoding.singleSegmentUnits,
            "single part: \(analysis) for \(input())")
    } else {
        let multi = encoding.multipartSegmentUnits
        invariant(
            analysis.segments >= (units + multi - 1) / multi
                && analysis.segments <= (units + multi - 2) / (multi - 1)
                && analysis.unitsPerSegment == multi,
            "multipart: \(analysis) for \(input())")
        invariant(
            analysis.remainingUnits >= 0 && analysis.remainingUnits < multi
                && units + analysis.remainingUnits <= analysis.segments * multi,
            "remaining units: \(analysis) for \(input())")
    }
    invariant(
        (encoding == .gsm7) == analysis.nonGSMCharacters.isEmpty || reasonLimit <= 0,
        "GSM-7 iff no reasons: \(analysis) for \(input())")
    invariant((encoding == .gsm7) == (analysis.nonGSMCharacterCount == 0), "nonGSM count for \(input())")
    invariant(
        analysis.nonGSMCharacterCount == want.nonGSM.count,
        "nonGSM count \(analysis.nonGSMCharacterCount) != \(want.nonGSM.count) for \(input())")
    let expectedReasons = Array(want.nonGSM.prefix(max(reasonLimit, 0)))
    invariant(
        analysis.nonGSMCharacters == expectedReasons,
        "reasons \(analysis.nonGSMCharacters) != \(expectedReasons) for \(input())")
    if encoding == .gsm7 {
        invariant(analysis.extensionCharacterCount * 2 <= units, "extensions for \(input())")
    }
}

// The module's public tables agree with the standard's, once.
for value in UInt32(0)...0x2FFFF {
    guard let scalar = Unicode.Scalar(value) else { continue }
    invariant(
        GSM7Alphabet.septets(for: scalar) == referenceSeptets(scalar),
        "GSM7Alphabet.septets(for: U+\(String(value, radix: 16))) disagrees with TS 23.038")
}

/// libFuzzer's entry point: checks the invariants above on one input; returns 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMS(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    withFuzzInput(data, size) { input in
        let (choice, payload) = input.choiceAndPayload
        let reasonLimit = Int(choice % 20) - 2
        let describe = { "limit \(reasonLimit) \(literal(payload))" }

        let text = String(decoding: payload, as: UTF8.self)
        let scalars = text.unicodeScalars.map { ($0, $0.utf8.count) }
        let want = reference(scalars)
        let fromString = SMSAnalysis(text, reasonLimit: reasonLimit)
        check(fromString, want, reasonLimit: reasonLimit, input: describe)
        let defaultLimit = SMSAnalysis(text)
        check(defaultLimit, want, reasonLimit: SMSAnalysis.defaultReasonLimit, input: describe)
        var copy = text
        let fromUTF8 = copy.withUTF8 { SMSAnalysis(utf8: $0, reasonLimit: reasonLimit) }
        invariant(fromUTF8 == fromString, "String and its UTF-8 disagree for \(describe())")

        // Raw bytes: maybe ill-formed, one U+FFFD per maximal subpart.
        let fromBytes = SMSAnalysis(utf8: payload, reasonLimit: reasonLimit)
        check(fromBytes, reference(scalarsOfBytes(payload)), reasonLimit: reasonLimit, input: describe)
        if text.utf8.elementsEqual(payload) {
            invariant(fromBytes == fromString, "well-formed bytes and String disagree for \(describe())")
        }
    }
}

runFuzzer(fuzzSMS)
