// Peer-comparison harness: Dialtone's PhoneNumbers.
//
//   DialtoneHarness CORPUS ANSWERS [LABEL]
//
// CORPUS holds `REGION<TAB>INPUT` lines (empty REGION = no default region). The file is read and
// split into lines before the clock starts. The timed loop does, per input: parse with the default
// region (from UTF-8 bytes), validity, type, E.164. ANSWERS receives one
// `status<TAB>e164<TAB>valid<TAB>type` line per input, in order (status names as libphonenumber's).
// stdout receives one JSON summary line. No Foundation: the cold start is the library's own.
import PhoneNumbers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One parse outcome, stored untimed-cheap inside the loop and written out after it.
struct Answer {
    var status: PhoneNumberParseError?
    var e164: String
    var isValid: Bool
    var type: PhoneNumberType
}

/// libphonenumber's name (its `ErrorType`) for one of our errors, so answers compare line by line.
/// Keyed by identifier: an error case not listed here is written as `unmapped:<identifier>`.
func statusName(_ error: PhoneNumberParseError?) -> String {
    guard let error else { return "ok" }
    switch error.identifier {
    case "input_too_long", "too_long": return "TOO_LONG"
    case "not_a_number": return "NOT_A_NUMBER"
    case "missing_region", "unknown_region", "invalid_country_code": return "INVALID_COUNTRY_CODE"
    case "too_short_after_idd": return "TOO_SHORT_AFTER_IDD"
    case "too_short_nsn": return "TOO_SHORT_NSN"
    default: return "unmapped:\(error.identifier)"
    }
}

func fail(_ message: String) -> Never {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

func readFile(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { fail("cannot read \(path)") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n >= 0 else { fail("read error on \(path)") }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { fail("cannot write \(path)") }
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return -1 }
            return write(fd, base + offset, raw.count - offset)
        }
        guard n > 0 else { fail("write error on \(path)") }
        offset += n
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: DialtoneHarness CORPUS ANSWERS [LABEL]") }
let plan = NumberingPlan.bundled
let label = arguments.count > 3 ? arguments[3] : "Dialtone (\(plan.sourceDescription))"

// Untimed: read the file, find line and tab boundaries, make the region strings.
let corpus = readFile(arguments[1])
var inputRanges: [Range<Int>] = []
var regions: [String?] = []
var lineStart = 0
while lineStart < corpus.count {
    var end = lineStart
    var tab = -1
    while end < corpus.count, corpus[end] != 0x0A {
        if tab < 0, corpus[end] == 0x09 { tab = end }
        end += 1
    }
    if tab >= 0 {
        regions.append(tab > lineStart ? String(decoding: corpus[lineStart..<tab], as: UTF8.self) : nil)
        inputRanges.append((tab + 1)..<end)
    } else {
        regions.append(nil)
        inputRanges.append(lineStart..<end)
    }
    lineStart = end + 1
}
let count = inputRanges.count

/// The timed loop, in a function so that its state is local (globals in top-level code pay for
/// dynamic exclusivity checks on every access, which would be charged to the library).
func timedRun(_ corpus: [UInt8], _ inputRanges: [Range<Int>], _ regions: [String?]) -> ([Answer], Duration) {
    var answers = [Answer](
        repeating: Answer(status: nil, e164: "", isValid: false, type: .unknown), count: inputRanges.count)
    let clock = ContinuousClock()
    let start = clock.now
    corpus.withUnsafeBufferPointer { buffer in
        for i in 0..<inputRanges.count {
            let input = UnsafeBufferPointer(rebasing: buffer[inputRanges[i]])
            do throws(PhoneNumberParseError) {
                let number = try PhoneNumber(parsingUTF8: input, region: regions[i], plan: plan)
                answers[i] = Answer(status: nil, e164: number.e164, isValid: number.isValid, type: number.type)
            } catch {
                answers[i] = Answer(status: error, e164: "", isValid: false, type: .unknown)
            }
        }
    }
    return (answers, start.duration(to: clock.now))
}
let (answers, elapsed) = timedRun(corpus, inputRanges, regions)

var out: [UInt8] = []
out.reserveCapacity(count * 24)
for answer in answers {
    out.append(contentsOf: statusName(answer.status).utf8)
    out.append(0x09)
    if answer.status == nil {
        out.append(contentsOf: answer.e164.utf8)
        out.append(0x09)
        out.append(answer.isValid ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        out.append(0x09)
        out.append(contentsOf: answer.type.identifier.utf8)
    } else {
        out.append(0x09)
        out.append(0x09)
    }
    out.append(0x0A)
}
writeFile(arguments[2], out)

let totalNanoseconds =
    Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
let nsPerNumber = count > 0 ? totalNanoseconds / Double(count) : 0
let perSecond = totalNanoseconds > 0 ? Double(count) * 1e9 / totalNanoseconds : 0
print(
    "{\"impl\":\"\(label)\",\"count\":\(count),\"total_ns\":\(Int(totalNanoseconds)),"
        + "\"ns_per_number\":\(Double(Int(nsPerNumber * 10)) / 10),"
        + "\"numbers_per_second\":\(Int(perSecond))}")
