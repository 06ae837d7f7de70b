import Testing

@testable import NormalizeCore

/// A record as the reader hands it out: where it starts, its fields, and what is wrong with it.
struct ReadRecord: Equatable, Sendable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var issue: String?

    init(_ line: Int, _ fields: [String], _ issue: String? = nil) {
        self.line = line
        self.fields = fields
        self.issue = issue
    }

    var description: String { "\(line): \(fields)\(issue.map { " [\($0)]" } ?? "")" }
}

/// One reader case: input bytes and the records expected from them.
struct ReaderCase: Sendable, CustomTestStringConvertible {
    let name: String
    let dialect: InputDialect
    let input: [UInt8]
    let maxRecordBytes: Int
    let expected: [ReadRecord]

    init(
        _ name: String, _ dialect: InputDialect, _ input: String, bytes: [UInt8]? = nil, bound: Int = 64,
        _ expected: [ReadRecord]
    ) {
        self.name = name
        self.dialect = dialect
        self.input = bytes ?? Array(input.utf8)
        self.maxRecordBytes = bound
        self.expected = expected
    }

    var testDescription: String { name }
}

/// Reads every record of `input` through the streaming reader, `readSize` bytes per read.
func readRecords(_ testCase: ReaderCase, readSize: Int, batchBytes: Int, maxRows: Int) throws -> [ReadRecord]
{
    let reader = BatchReader(
        dialect: testCase.dialect, batchBytes: batchBytes, chunksPerBatch: 2,
        maxRecordBytes: testCase.maxRecordBytes, maxRowsPerBatch: maxRows)
    var offset = 0
    var line = 1
    var records: [ReadRecord] = []
    let fields = FieldList()
    let input = testCase.input
    while try reader.next({ (start, count) throws(NormalizeError) in
        let length = min(count, readSize, input.count - offset)
        for index in 0..<length { start[index] = input[offset + index] }
        offset += length
        return length
    }) {
        for item in reader.items {
            switch item {
            case .oversized(let lineSpan):
                records.append(ReadRecord(line, [], "record_too_long"))
                line += lineSpan
            case .records(let range):
                var position = range.lowerBound
                while position < range.upperBound {
                    let shape: RecordShape
                    switch testCase.dialect {
                    case .csv:
                        shape = RecordParser.parseCSV(
                            reader.base, start: position, limit: range.upperBound, delimiter: 44,
                            fields: fields)
                    case .tsv:
                        shape = RecordParser.parseTSV(
                            reader.base, start: position, limit: range.upperBound, fields: fields)
                    case .lines:
                        shape = RecordParser.parseLine(reader.base, start: position, limit: range.upperBound)
                        fields.removeAll()
                        fields.append(
                            FieldSpan(
                                rawStart: position, rawEnd: shape.contentEnd, valueStart: position,
                                valueEnd: shape.contentEnd, hasEscapedQuotes: false))
                    }
                    if shape.end - position > testCase.maxRecordBytes {
                        records.append(ReadRecord(line, [], "record_too_long"))
                    } else {
                        let values = fields.spans.map { span in
                            var bytes = Array(
                                UnsafeBufferPointer(
                                    start: reader.base + span.valueStart,
                                    count: span.valueEnd - span.valueStart))
                            if span.hasEscapedQuotes {
                                var unescaped: [UInt8] = []
                                var index = 0
                                while index < bytes.count {
                                    unescaped.append(bytes[index])
                                    index +=
                                        bytes[index] == 34 && index + 1 < bytes.count
                                            && bytes[index + 1] == 34 ? 2 : 1
                                }
                                bytes = unescaped
                            }
                            return String(decoding: bytes, as: UTF8.self)
                        }
                        records.append(
                            ReadRecord(line, values, shape.issue.map { $0.identifier.description }))
                    }
                    line += shape.lineFeeds
                    position = shape.end
                }
            }
        }
    }
    return records
}

let readerCases: [ReaderCase] = [
    ReaderCase(
        "plain records", .csv, "a,b\n1,2\n", [ReadRecord(1, ["a", "b"]), ReadRecord(2, ["1", "2"])]),
    ReaderCase(
        "no line end at the end", .csv, "a,b\n1,2", [ReadRecord(1, ["a", "b"]), ReadRecord(2, ["1", "2"])]),
    ReaderCase("empty input", .csv, "", []),
    ReaderCase("quoted comma", .csv, "\"x,y\",z\n", [ReadRecord(1, ["x,y", "z"])]),
    ReaderCase("doubled quotes", .csv, "\"say \"\"hi\"\"\",1\n", [ReadRecord(1, ["say \"hi\"", "1"])]),
    ReaderCase("quoted empty field", .csv, "\"\",x\n", [ReadRecord(1, ["", "x"])]),
    ReaderCase(
        "CRLF line ends", .csv, "a,b\r\n1,\"2\"\r\n",
        [ReadRecord(1, ["a", "b"]), ReadRecord(2, ["1", "2"])]),
    ReaderCase("CR alone at the end of the input", .csv, "a,b\r", [ReadRecord(1, ["a", "b"])]),
    ReaderCase("CR inside a field stays", .csv, "a\rb,c\n", [ReadRecord(1, ["a\rb", "c"])]),
    ReaderCase(
        "embedded newlines count as lines", .csv, "\"l1\nl2\",x\nnext,\"a\r\nb\"\nlast\n",
        [ReadRecord(1, ["l1\nl2", "x"]), ReadRecord(3, ["next", "a\r\nb"]), ReadRecord(5, ["last"])]),
    ReaderCase("empty fields", .csv, ",,\n\n", [ReadRecord(1, ["", "", ""]), ReadRecord(2, [""])]),
    ReaderCase(
        "byte order mark skipped", .csv, "", bytes: [0xEF, 0xBB, 0xBF] + Array("id,phone\n1,2\n".utf8),
        [ReadRecord(1, ["id", "phone"]), ReadRecord(2, ["1", "2"])]),
    ReaderCase("BOM only in front", .csv, "a,\u{FEFF}b\n", [ReadRecord(1, ["a", "\u{FEFF}b"])]),
    ReaderCase(
        "unterminated quote at the end", .csv, "a,b\n1,\"open\nstill",
        [ReadRecord(1, ["a", "b"]), ReadRecord(2, ["1", "open\nstill"], "unterminated_quote")]),
    ReaderCase(
        "text after a closing quote", .csv, "\"a\"b,c\nd,e\n",
        [ReadRecord(1, ["a", "c"], "text_after_closing_quote"), ReadRecord(2, ["d", "e"])]),
    ReaderCase(
        "quote inside an unquoted field is a byte", .csv, "5\" disk,x\n", [ReadRecord(1, ["5\" disk", "x"])]),
    ReaderCase(
        "record over the bound is skipped", .csv, "short\n" + String(repeating: "x", count: 40) + "\nafter\n",
        bound: 16,
        [ReadRecord(1, ["short"]), ReadRecord(2, [], "record_too_long"), ReadRecord(3, ["after"])]),
    ReaderCase(
        "quoted record over the bound spans its lines", .csv,
        "a\n\"" + String(repeating: "y\n", count: 20) + "\",z\nend\n", bound: 16,
        [ReadRecord(1, ["a"]), ReadRecord(2, [], "record_too_long"), ReadRecord(23, ["end"])]),
    ReaderCase(
        "unterminated quote over the bound runs to the end", .csv,
        "a\n\"" + String(repeating: "q,\n", count: 30), bound: 16,
        [ReadRecord(1, ["a"]), ReadRecord(2, [], "record_too_long")]),
    ReaderCase(
        "last record over the bound without a line end", .csv, "a\n" + String(repeating: "z", count: 30),
        bound: 16,
        [ReadRecord(1, ["a"]), ReadRecord(2, [], "record_too_long")]),
    ReaderCase(
        "record exactly at the bound", .csv, "aaaaaaa\nb\n", bound: 8,
        [ReadRecord(1, ["aaaaaaa"]), ReadRecord(2, ["b"])]),
    ReaderCase(
        "TSV has no quoting", .tsv, "a\t\"b\"\n\"c\t\r\n",
        [ReadRecord(1, ["a", "\"b\""]), ReadRecord(2, ["\"c", ""])]),
    ReaderCase(
        "lines over the bound", .lines, "1\n" + String(repeating: "2", count: 20) + "\n3", bound: 8,
        [ReadRecord(1, ["1"]), ReadRecord(2, [], "record_too_long"), ReadRecord(3, ["3"])]),
    ReaderCase(
        "lines with CRLF and blank lines", .lines, "1\r\n\n\r\n2",
        [ReadRecord(1, ["1"]), ReadRecord(2, [""]), ReadRecord(3, [""]), ReadRecord(4, ["2"])]),
]

@Suite("CSV and TSV reader")
struct CSVReaderTests {
    @Test(arguments: readerCases, [1, 3, 7, 4096])
    func reads(_ testCase: ReaderCase, readSize: Int) throws {
        let expected = testCase.expected
        for batchBytes in [4, 32, 1 << 16] {
            for maxRows in [1, 2, 1 << 16] {
                let records = try readRecords(
                    testCase, readSize: readSize, batchBytes: batchBytes, maxRows: maxRows)
                #expect(records == expected, "batch \(batchBytes), rows \(maxRows)")
            }
        }
    }

    @Test(
        "the row limit cuts after the n-th line feed",
        arguments: [(1, 2), (2, 10), (3, 11), (4, 21), (5, nil)] as [(Int, Int?)])
    func lineFeedOffset(_ number: Int, _ expected: Int?) {
        let bytes = Array("a\n0123456\n\nabcdefghi\nxyz".utf8)
        let found = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap {
                BatchReader.offset(afterLineFeed: number, in: $0, count: buffer.count)
            }
        }
        #expect(found == expected)
    }
}
