// fuzz-csv: NormalizeCore's record reader (RecordParser, RecordFramer, BatchReader) on arbitrary
// bytes, in the CSV (RFC 4180), TSV and one-number-per-line dialects.
//
// NormalizeCore is not a library product; its reader's files are compiled into this package as
// NormalizeReader (see Package.swift), and this target calls the reader as the normalize CLI does.
//
// Input: byte 0 picks the dialect and the size of each read (1-16 bytes); byte 1 the record bound
// (1-96 bytes, or 8 KiB: more than any input); byte 2 the batch size (1-64 bytes) and chunks per
// batch (1-4); byte 3 the line feeds per batch (1-8, or 65,536); the rest is the input file.
//
// Found and fixed: BatchReader never finished when batchBytes + maxRecordBytes < 3 (the framer
// waits for 3 bytes to check for a byte order mark). Batches are now at least 4 bytes
// (Tests/NormalizeTests/FuzzRegressionTests.swift); the record bound starts at 1 again.
//
// Invariants (docs/FUZZING.md):
// 1. Reading the whole input record by record never traps and always advances; the records never
//    outnumber the line feeds plus one; their line feeds add up to the input's; every record but the
//    last ends just after a line feed; field spans are ordered, inside the record and separated by
//    the delimiter; TSV fields are the tabs plus one.
// 2. The framer's fast CSV scan (`findCSVRecordEnd`), its resumable scan (`scanCSVRecord`) and the
//    parser agree on where every record ends.
// 3. Reading in small batches with short reads (BatchReader, as the CLI does) gives the same
//    records as the whole input when no record is over the bound; in every case the line feeds of
//    the records plus those of the skipped oversized records are the input's; the buffer is
//    allocated once (batch plus record bound), so memory is bounded whatever the input.
import FuzzSupport
import NormalizeReader

let dialects: [InputDialect] = [.csv, .tsv, .lines]

struct Record: Equatable {
    var content: [UInt8]
    var lineFeeds: Int
    var fieldCount: Int
    var issue: RowReason?
}

/// Parses `start..<limit` of `base` record by record, checking invariant 1.
func parseAll(
    _ base: UnsafePointer<UInt8>, from start: Int, limit: Int, dialect: InputDialect, fields: FieldList,
    input: () -> String
) -> [Record] {
    var records: [Record] = []
    var position = start
    while position < limit {
        let shape: RecordShape
        switch dialect {
        case .csv:
            shape = RecordParser.parseCSV(
                base, start: position, limit: limit, delimiter: 0x2C, fields: fields)
        case .tsv:
            shape = RecordParser.parseTSV(base, start: position, limit: limit, fields: fields)
        case .lines:
            shape = RecordParser.parseLine(base, start: position, limit: limit)
        }
        invariant(
            shape.end > position && shape.end <= limit && shape.contentEnd >= position
                && shape.contentEnd <= shape.end,
            "\(dialect) record at \(position): \(shape) for \(input())")
        invariant(
            shape.end == limit || base[shape.end - 1] == 0x0A,
            "\(dialect) record does not end at LF for \(input())")
        var lineFeeds = 0
        for i in position..<shape.end where base[i] == 0x0A { lineFeeds += 1 }
        invariant(
            shape.lineFeeds == lineFeeds,
            "\(dialect) lineFeeds \(shape.lineFeeds) != \(lineFeeds) for \(input())")
        if dialect != .lines {
            checkFields(base, start: position, shape: shape, dialect: dialect, fields: fields, input: input)
        }
        if dialect == .csv {
            checkFramerAgrees(base, start: position, limit: limit, shape: shape, input: input)
        }
        records.append(
            Record(
                content: Array(
                    UnsafeBufferPointer(start: base + position, count: shape.contentEnd - position)),
                lineFeeds: shape.lineFeeds, fieldCount: dialect == .lines ? 1 : fields.count,
                issue: shape.issue))
        position = shape.end
    }
    return records
}

func checkFields(
    _ base: UnsafePointer<UInt8>, start: Int, shape: RecordShape, dialect: InputDialect, fields: FieldList,
    input: () -> String
) {
    let delimiter: UInt8 = dialect == .csv ? 0x2C : 0x09
    invariant(fields.count >= 1, "\(dialect) record without fields for \(input())")
    var previousEnd = start - 1
    for index in 0..<fields.count {
        let span = fields[index]
        invariant(
            span.rawStart >= start && span.rawStart <= span.valueStart && span.valueStart <= span.valueEnd
                && span.valueEnd <= span.rawEnd && span.rawEnd <= shape.contentEnd,
            "\(dialect) field \(index) span \(span) outside the record \(start)..<\(shape.contentEnd) for \(input())"
        )
        if index == 0 {
            invariant(
                span.rawStart == start, "\(dialect) first field does not start the record for \(input())")
        } else {
            invariant(
                span.rawStart > previousEnd && base[span.rawStart - 1] == delimiter,
                "\(dialect) field \(index) does not follow a delimiter for \(input())")
        }
        previousEnd = span.rawEnd
        let quoted = dialect == .csv && span.rawStart < span.rawEnd && base[span.rawStart] == 0x22
        if !quoted {
            for i in span.valueStart..<span.valueEnd {
                invariant(
                    base[i] != delimiter && base[i] != 0x0A,
                    "\(dialect) delimiter inside a field for \(input())")
            }
        }
    }
    if dialect == .tsv {
        var tabs = 0
        for i in start..<shape.contentEnd where base[i] == 0x09 { tabs += 1 }
        invariant(fields.count == tabs + 1, "TSV \(fields.count) fields for \(tabs) tabs for \(input())")
    }
}

/// The framer's two scans find the end the parser found (`nil` for a last record without a LF).
func checkFramerAgrees(
    _ base: UnsafePointer<UInt8>, start: Int, limit: Int, shape: RecordShape, input: () -> String
) {
    // A record that runs into the end of the input (no line feed after it, or a quote still open)
    // has no end yet for the framer.
    let complete = shape.issue != .unterminatedQuote && base[shape.end - 1] == 0x0A
    let parserEnd: Int? = complete ? shape.end : nil
    let fast = RecordFramer.findCSVRecordEnd(base, from: start, count: limit, delimiter: 0x2C)
    var state = CSVScanState.fieldStart
    var lines = 0
    let slow = RecordFramer.scanCSVRecord(
        base, from: start, count: limit, delimiter: 0x2C, state: &state, lines: &lines)
    invariant(
        fast == parserEnd && slow == parserEnd,
        "record at \(start): parser end \(String(describing: parserEnd)), findCSVRecordEnd \(String(describing: fast)), scanCSVRecord \(String(describing: slow)) for \(input())"
    )
    invariant(
        lines == shape.lineFeeds,
        "scanCSVRecord counts \(lines) LFs, the parser \(shape.lineFeeds) for \(input())")
}

/// Reads `bytes` through a BatchReader with reads of at most `piece` bytes; returns the records
/// of the framed runs, the line feeds of the oversized ones and whether there were any.
func readInBatches(
    _ bytes: UnsafeBufferPointer<UInt8>, dialect: InputDialect, piece: Int, batchBytes: Int,
    chunksPerBatch: Int,
    maxRecordBytes: Int, maxRowsPerBatch: Int, fields: FieldList, input: () -> String
) -> (records: [Record], oversizedLineFeeds: Int, oversized: Int) {
    let reader = BatchReader(
        dialect: dialect, batchBytes: batchBytes, chunksPerBatch: chunksPerBatch,
        maxRecordBytes: maxRecordBytes, maxRowsPerBatch: maxRowsPerBatch)
    var offset = 0
    var records: [Record] = []
    var oversizedLineFeeds = 0
    var oversized = 0
    var rounds = 0
    let read = { (destination: UnsafeMutablePointer<UInt8>, capacity: Int) throws(NormalizeError) -> Int in
        let count = min(capacity, piece, bytes.count - offset)
        if count > 0, let source = bytes.baseAddress {
            destination.update(from: source + offset, count: count)
        }
        offset += count
        return count
    }
    while (try? reader.next(read)) == true {
        rounds += 1
        invariant(rounds <= 100 * bytes.count + 8, "BatchReader does not finish for \(input())")
        var previousEnd = -1
        for item in reader.items {
            switch item {
            case .records(let range):
                invariant(
                    !range.isEmpty && range.lowerBound >= 0 && range.lowerBound >= previousEnd
                        && range.upperBound <= max(batchBytes, 4) + maxRecordBytes,
                    "framed run \(range) (bound \(max(batchBytes, 4) + maxRecordBytes)) for \(input())")
                previousEnd = range.upperBound
                records += parseAll(
                    UnsafePointer(reader.base), from: range.lowerBound, limit: range.upperBound,
                    dialect: dialect,
                    fields: fields, input: input)
            case .oversized(let lineSpan):
                invariant(lineSpan >= 0, "negative line span for \(input())")
                oversizedLineFeeds += lineSpan
                oversized += 1
            }
        }
    }
    invariant(offset == bytes.count, "BatchReader stopped at \(offset) of \(bytes.count) for \(input())")
    return (records, oversizedLineFeeds, oversized)
}

/// libFuzzer's entry point: checks the invariants above on one input; returns 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    withFuzzInput(data, size) { input in
        guard input.count >= 4 else { return }
        let dialect = dialects[Int(input[0]) % dialects.count]
        let piece = 1 + Int(input[0] / 3) % 16
        let maxRecordBytes = input[1] >= 0xC0 ? 8192 : 1 + Int(input[1]) % 96
        let batchBytes = 1 + Int(input[2]) % 64
        let chunksPerBatch = 1 + Int(input[2]) / 64
        let maxRowsPerBatch = input[3] >= 0x80 ? 65_536 : 1 + Int(input[3]) % 8
        let bytes = UnsafeBufferPointer(rebasing: input[4...])
        let describe = {
            "\(dialect) piece \(piece) bound \(maxRecordBytes) batch \(batchBytes)/\(chunksPerBatch) rows \(maxRowsPerBatch) \(literal(bytes))"
        }
        let fields = FieldList()
        guard let base = bytes.baseAddress else { return }
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var lineFeeds = 0
        for i in bom..<bytes.count where bytes[i] == 0x0A { lineFeeds += 1 }

        let whole = parseAll(
            base, from: bom, limit: bytes.count, dialect: dialect, fields: fields, input: describe)
        invariant(
            whole.count <= lineFeeds + 1,
            "\(whole.count) records for \(lineFeeds) line feeds for \(describe())")
        invariant(
            whole.reduce(0) { $0 + $1.lineFeeds } == lineFeeds, "line feeds of the records for \(describe())")

        let batched = readInBatches(
            bytes, dialect: dialect, piece: piece, batchBytes: batchBytes, chunksPerBatch: chunksPerBatch,
            maxRecordBytes: maxRecordBytes, maxRowsPerBatch: maxRowsPerBatch, fields: fields, input: describe)
        invariant(
            batched.records.reduce(0) { $0 + $1.lineFeeds } + batched.oversizedLineFeeds == lineFeeds,
            "batched line feeds \(batched.records.reduce(0) { $0 + $1.lineFeeds }) + oversized \(batched.oversizedLineFeeds) != \(lineFeeds) for \(describe())"
        )
        invariant(
            batched.records.count + batched.oversized <= lineFeeds + 1,
            "\(batched.records.count) + \(batched.oversized) batched records for \(lineFeeds) line feeds for \(describe())"
        )
        if batched.oversized == 0 {
            invariant(
                batched.records == whole, "batched records differ from the whole input's for \(describe())")
        }
    }
}

runFuzzer(fuzzCSV)
