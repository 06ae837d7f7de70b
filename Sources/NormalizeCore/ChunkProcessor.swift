package import PhoneNumbers

/// A rejected row kept by a worker until the writer knows its absolute line number.
package struct RejectEntry: Sendable, Hashable {
    /// Line feeds between the start of the worker's item and the row.
    package var relativeLine: Int
    /// Why the row failed.
    package var reason: RowReason
    /// The row's content: a range of the worker's ``ChunkProcessor/rejects`` buffer.
    package var content: Range<Int>
}

/// What became of one row's number.
package enum RowOutcome {
    /// The text was read as a number (which may still be invalid).
    case number(PhoneNumber)
    /// The row failed a rule.
    case failed(RowReason)
}

/// One worker's state: turns a run of whole records into output rows, reject entries and counts.
///
/// A processor is used by one thread at a time; its buffers keep their capacity from batch to
/// batch, so memory stays bounded whatever the input's size.
package final class ChunkProcessor {
    /// The run's configuration.
    package let configuration: NormalizeConfiguration
    /// The numbering plan numbers are read with.
    package let plan: NumberingPlan
    /// The plan's regions, for region columns.
    package let regionTable: RegionTable
    /// The output rows of the current item.
    package let output = ByteBuffer(capacity: 256 * 1024)
    /// The content of the rejected rows of the current item.
    package let rejects = ByteBuffer(capacity: 4 * 1024)
    /// The rejected rows of the current item.
    var rejectEntries: [RejectEntry] = []
    /// The counts of the current item.
    var stats = NormalizeStats()
    /// The line feeds the current item spans.
    var lineFeeds = 0
    /// Where the columns sit in the current table file.
    var layout = TableLayout(column: 0, regionColumn: nil, width: 1)
    /// Whether rows with invalid numbers are kept as reject entries (with `--reject`); malformed
    /// rows always are, so that they can be reported.
    var keepsRejects = false
    /// The line end of table output rows: LF, or CRLF when the input used it.
    var tableLineEnd: StaticString = "\n"

    private let fields = FieldList()
    private let scratch = ByteBuffer(capacity: 512)

    /// Creates a worker.
    package init(configuration: NormalizeConfiguration, plan: NumberingPlan, regionTable: RegionTable) {
        self.configuration = configuration
        self.plan = plan
        self.regionTable = regionTable
    }

    /// Clears the results of the previous item.
    package func reset() {
        output.removeAll()
        rejects.removeAll()
        rejectEntries.removeAll(keepingCapacity: true)
        stats.reset()
        lineFeeds = 0
    }

    /// Handles one item of a batch; `base` is the batch's buffer.
    package func process(_ item: FramedItem, base: UnsafePointer<UInt8>) {
        reset()
        switch item {
        case .oversized(let lineSpan):
            emitMalformed(.recordTooLong, content: nil, unterminated: false, fieldCount: 1, value: nil)
            lineFeeds = lineSpan
        case .records(let range):
            switch configuration.dialect {
            case .lines: processLines(base, range)
            case .csv, .tsv: processTable(base, range)
            }
        }
    }

    /// Handles one number given as text (a command-line argument).
    package func processNumber(_ text: String) {
        var copy = text
        copy.withUTF8 { bytes in
            if UTF8Validation.isValid(bytes) {
                emitLine(content: bytes, outcome: parse(bytes, region: configuration.defaultRegion))
            } else {
                emitMalformed(.invalidUTF8, content: bytes, unterminated: false, fieldCount: 1, value: bytes)
            }
        }
    }

    private func processLines(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) {
        var position = range.lowerBound
        let limit = range.upperBound
        let maxRecord = configuration.maxRecordBytes
        let region = configuration.defaultRegion
        while position < limit {
            let shape = RecordParser.parseLine(base, start: position, limit: limit)
            let content = UnsafeBufferPointer(start: base + position, count: shape.contentEnd - position)
            if shape.end - position > maxRecord {
                emitMalformed(.recordTooLong, content: nil, unterminated: false, fieldCount: 1, value: nil)
            } else if !UTF8Validation.isValid(content) {
                emitMalformed(
                    .invalidUTF8, content: content, unterminated: false, fieldCount: 1, value: content)
            } else {
                emitLine(content: content, outcome: parse(content, region: region))
            }
            lineFeeds += shape.lineFeeds
            position = shape.end
        }
    }

    private func processTable(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) {
        var position = range.lowerBound
        let limit = range.upperBound
        let maxRecord = configuration.maxRecordBytes
        let isCSV = configuration.dialect == .csv
        let delimiter = configuration.dialect.delimiter ?? UInt8(ascii: ",")
        let column = layout.column
        let width = layout.width
        while position < limit {
            let shape =
                isCSV
                ? RecordParser.parseCSV(
                    base, start: position, limit: limit, delimiter: delimiter, fields: fields)
                : RecordParser.parseTSV(base, start: position, limit: limit, fields: fields)
            let content = UnsafeBufferPointer(start: base + position, count: shape.contentEnd - position)
            var problem: RowReason? = nil
            if shape.end - position > maxRecord {
                problem = .recordTooLong
            } else if let issue = shape.issue {
                problem = issue
            } else if !UTF8Validation.isValid(content) {
                problem = .invalidUTF8
            } else if fields.count != width {
                problem = .wrongFieldCount
            }
            if let problem {
                if problem == .recordTooLong {
                    emitMalformed(problem, content: nil, unterminated: false, fieldCount: 1, value: nil)
                } else {
                    let value = column < fields.count ? self.value(of: fields[column], base) : nil
                    // Fields past the header's width follow the status and reason columns.
                    let extras = fields.count > width ? fields[width - 1].rawEnd - position : nil
                    emitMalformed(
                        problem, content: content, unterminated: problem == .unterminatedQuote,
                        fieldCount: fields.count, value: value, extras: extras)
                }
            } else {
                let span = fields[column]
                let number = value(of: span, base)
                var region = configuration.defaultRegion
                var regionIsUnknown = false
                if let regionColumn = layout.regionColumn {
                    let cell = fields[regionColumn]
                    let text = UnsafeBufferPointer(
                        start: base + cell.valueStart, count: cell.valueEnd - cell.valueStart)
                    switch regionTable.lookup(text) {
                    case .absent: break
                    case .known(let code): region = code
                    case .unknown:
                        region = nil
                        regionIsUnknown = true
                    }
                }
                var outcome = parse(number, region: region)
                if regionIsUnknown, case .failed(.missingRegion) = outcome {
                    outcome = .failed(.unknownRegion)
                }
                emitTableRow(
                    base, recordStart: position, content: content, span: span, value: number, outcome: outcome
                )
            }
            lineFeeds += shape.lineFeeds
            position = shape.end
        }
    }

    /// The value of a field, with `""` pairs turned into single quotes (in the scratch buffer).
    @inline(__always)
    private func value(of span: FieldSpan, _ base: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let raw = UnsafeBufferPointer(start: base + span.valueStart, count: span.valueEnd - span.valueStart)
        guard span.hasEscapedQuotes else { return raw }
        scratch.removeAll()
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            scratch.append(byte)
            index += byte == UInt8(ascii: "\"") && index + 1 < raw.count && raw[index + 1] == byte ? 2 : 1
        }
        return scratch.bytes
    }

    @inline(__always)
    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, region: String?) -> RowOutcome {
        do {
            return .number(try PhoneNumber(parsingUTF8: bytes, region: region, plan: plan))
        } catch {
            return .failed(RowReason(error))
        }
    }
}
