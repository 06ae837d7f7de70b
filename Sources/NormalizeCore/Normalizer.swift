import Dispatch
import Glibc
package import PhoneNumbers

/// Runs the whole job: reads the inputs in large blocks, cuts each block into runs of whole
/// records, lets the cores normalize the runs side by side, and writes their output in input order.
///
/// Memory is bounded by the batch (4 MiB or 65,536 line feeds, whichever comes first) plus the
/// record bound, plus output buffers proportional to the batch: the same for a kilobyte and for ten
/// gigabytes. Every record becomes exactly one output row.
package final class Normalizer {
    /// The run's configuration.
    package let configuration: NormalizeConfiguration
    private let plan: NumberingPlan
    private let regionTable: RegionTable
    private let output: OutputFile
    private let reject: OutputFile?
    private var progress: ProgressMeter?
    private var processors: [ChunkProcessor] = []
    private let rejectBuffer = ByteBuffer(capacity: 64 * 1024)
    private var wroteTableHeader = false
    private var tableLineEnd: StaticString = "\n"
    private var decidedLineEnd = false
    private var malformedSeen = 0
    private let diagnostics: OutputFile
    /// How many malformed rows are reported one by one on standard error.
    package static let malformedReportLimit = 20
    /// The counts so far.
    package private(set) var stats = NormalizeStats()

    /// Creates a run that writes to `output`, and the failed rows to `reject` if given; `progress`
    /// draws the progress line (pass one only when standard error is a terminal).
    package init(
        configuration: NormalizeConfiguration, plan: NumberingPlan = .bundled,
        regionTable: RegionTable? = nil,
        output: OutputFile, reject: OutputFile?, progress: ProgressMeter?,
        diagnostics: OutputFile = .standardError
    ) {
        self.diagnostics = diagnostics
        self.configuration = configuration
        self.plan = plan
        self.regionTable = regionTable ?? RegionTable(plan: plan)
        self.output = output
        self.reject = reject
        self.progress = progress
    }

    /// Normalizes every row of the files in order (`-` is standard input) and returns the counts.
    ///
    /// Every file is opened once before any output is written, so that a missing file stops the run
    /// before it starts.
    package func run(inputs: [String]) throws(NormalizeError) -> NormalizeStats {
        try Self.checkInputs(inputs)
        try writePreamble()
        let reader = BatchReader(
            dialect: configuration.dialect, batchBytes: configuration.batchBytes,
            chunksPerBatch: configuration.chunksPerBatch, maxRecordBytes: configuration.maxRecordBytes,
            maxRowsPerBatch: configuration.maxRowsPerBatch)
        for path in inputs {
            let file = try InputFile.open(path)
            defer { file.close() }
            try run(file: file, reader: reader)
        }
        try flushRejects()
        progress?.finish()
        reportRemainingMalformed()
        return stats
    }

    /// Opens and closes every input (`-` is standard input, always there), so that a missing or
    /// unreadable file is reported before anything is written.
    package static func checkInputs(_ inputs: [String]) throws(NormalizeError) {
        for path in inputs where path != "-" {
            try InputFile.open(path).close()
        }
    }

    /// Normalizes numbers given as text, one row each, and returns the counts.
    package func run(numbers: [String]) throws(NormalizeError) -> NormalizeStats {
        try writePreamble()
        let processor = makeProcessor()
        processor.reset()
        for (index, number) in numbers.enumerated() {
            processor.lineFeeds = index
            processor.processNumber(number)
        }
        try output.write(processor.output)
        collectRejects(of: processor, source: "argument", firstLine: 1)
        try flushRejects()
        stats.merge(processor.stats)
        reportRemainingMalformed()
        return stats
    }

    private func makeProcessor() -> ChunkProcessor {
        let processor = ChunkProcessor(configuration: configuration, plan: plan, regionTable: regionTable)
        processor.keepsRejects = reject != nil
        return processor
    }

    /// The header of `--output tsv`, and the reject file's header for lines.
    private func writePreamble() throws(NormalizeError) {
        if configuration.style == .tsv {
            try output.write("input\te164\tregion\ttype\tvalid\tpossible\textension\terror\n")
        }
        if configuration.dialect == .lines, let reject {
            try reject.write("source\tline\treason\tinput\n")
        }
    }

    private func run(file: InputFile, reader: BatchReader) throws(NormalizeError) {
        reader.reset()
        var nextLine = 1
        var layout: TableLayout? =
            configuration.dialect == .lines ? TableLayout(column: 0, regionColumn: nil, width: 1) : nil
        while try reader.next({ (start, count) throws(NormalizeError) in
            try file.read(into: start, count: count)
        }) {
            if reader.items.isEmpty { continue }
            if layout == nil {
                layout = try readHeader(reader, source: file.name, nextLine: &nextLine)
            }
            if !reader.items.isEmpty, let layout {
                try processBatch(reader, layout: layout, source: file.name, nextLine: &nextLine)
            }
        }
    }

    /// Reads a table's first record: the header (or, without one, the first row, which only gives
    /// the width); resolves the columns; writes the output and reject headers for the first file.
    private func readHeader(
        _ reader: BatchReader, source: String, nextLine: inout Int
    ) throws(NormalizeError) -> TableLayout {
        let buffer = reader.base
        guard case .records(let range) = reader.items.first else { throw .headerTooLong(source: source) }
        let fields = FieldList()
        let shape =
            configuration.dialect == .csv
            ? RecordParser.parseCSV(
                buffer, start: range.lowerBound, limit: range.upperBound, delimiter: UInt8(ascii: ","),
                fields: fields)
            : RecordParser.parseTSV(buffer, start: range.lowerBound, limit: range.upperBound, fields: fields)
        if shape.end - range.lowerBound > configuration.maxRecordBytes {
            throw .headerTooLong(source: source)
        }
        if !decidedLineEnd {
            tableLineEnd = shape.end - shape.contentEnd == 2 ? "\r\n" : "\n"
            decidedLineEnd = true
        }
        let names: [[UInt8]]? =
            configuration.hasHeader ? fields.spans.map { Self.unescapedValue(of: $0, in: buffer) } : nil
        let column = configuration.column ?? .index(1)
        let columnIndex = try Self.position(of: column, option: "--column", in: names, fields.count, source)
        var regionIndex: Int? = nil
        if let regionColumn = configuration.regionColumn {
            regionIndex = try Self.position(
                of: regionColumn, option: "--region-column", in: names, fields.count, source)
        }
        guard configuration.hasHeader else {
            return TableLayout(column: columnIndex, regionColumn: regionIndex, width: fields.count)
        }
        let content = UnsafeBufferPointer(
            start: buffer + range.lowerBound, count: shape.contentEnd - range.lowerBound)
        if !wroteTableHeader {
            wroteTableHeader = true
            try writeTableHeader(content)
        }
        nextLine += shape.lineFeeds
        reader.replaceFirstItem(
            with: shape.end < range.upperBound ? .records(shape.end..<range.upperBound) : nil)
        return TableLayout(column: columnIndex, regionColumn: regionIndex, width: fields.count)
    }

    /// The 0-based position of the column an option names in a header of `width` fields.
    private static func position(
        of column: ColumnSelector, option: String, in names: [[UInt8]]?, _ width: Int, _ source: String
    ) throws(NormalizeError) -> Int {
        switch column.resolve(header: names) {
        case .found(let index) where index < width: return index
        case .found, .notFound: throw .columnNotFound(option: option, column: column, source: source)
        case .ambiguous(let candidates):
            throw .ambiguousColumn(option: option, column: column, candidates: candidates, source: source)
        }
    }

    private func writeTableHeader(_ content: UnsafeBufferPointer<UInt8>) throws(NormalizeError) {
        let delimiter = configuration.dialect.delimiter ?? UInt8(ascii: ",")
        if configuration.style == .same {
            let header = ByteBuffer(capacity: content.count + 64)
            header.append(content)
            if configuration.append {
                header.append(delimiter)
                header.append(configuration.appendedColumnName)
            }
            header.append(delimiter)
            header.append("status")
            header.append(delimiter)
            header.append("reason")
            header.append(tableLineEnd)
            try output.write(header)
        }
        if let reject {
            let header = ByteBuffer(capacity: content.count + 64)
            header.append("source")
            header.append(delimiter)
            header.append("line")
            header.append(delimiter)
            header.append("reason")
            header.append(delimiter)
            header.append(content)
            header.append(0x0A)
            try reject.write(header)
        }
    }

    private func processBatch(
        _ reader: BatchReader, layout: TableLayout, source: String, nextLine: inout Int
    ) throws(NormalizeError) {
        let items = reader.items
        while processors.count < items.count { processors.append(makeProcessor()) }
        for index in items.indices {
            processors[index].layout = layout
            processors[index].tableLineEnd = tableLineEnd
        }
        let base = UnsafePointer(reader.base)
        if items.count == 1 {
            processors[0].process(items[0], base: base)
        } else {
            let batch = Batch(workers: processors, items: items, base: base)
            DispatchQueue.concurrentPerform(iterations: batch.items.count) { index in
                batch.run(index)
            }
        }
        for index in items.indices {
            let processor = processors[index]
            try output.write(processor.output)
            collectRejects(of: processor, source: source, firstLine: nextLine)
            nextLine += processor.lineFeeds
            stats.merge(processor.stats)
        }
        if rejectBuffer.count >= 1 << 20 { try flushRejects() }
        progress?.update(rows: stats.rows)
    }

    private func collectRejects(of processor: ChunkProcessor, source: String, firstLine: Int) {
        guard !processor.rejectEntries.isEmpty else { return }
        let delimiter = configuration.dialect == .csv ? UInt8(ascii: ",") : 0x09
        var sourceBytes = source
        sourceBytes.withUTF8 { name in
            for entry in processor.rejectEntries {
                let line = firstLine + entry.relativeLine
                if entry.reason.isMalformed {
                    noteMalformed(source: source, line: line, reason: entry.reason)
                }
                guard reject != nil else { continue }
                if delimiter == UInt8(ascii: ",") {
                    rejectBuffer.appendCSVField(name, delimiter: delimiter)
                } else {
                    rejectBuffer.appendTSVField(name)
                }
                rejectBuffer.append(delimiter)
                rejectBuffer.appendDecimal(line)
                rejectBuffer.append(delimiter)
                rejectBuffer.append(entry.reason.identifier)
                rejectBuffer.append(delimiter)
                rejectBuffer.append(processor.rejects.base + entry.content.lowerBound, entry.content.count)
                rejectBuffer.append(0x0A)
            }
        }
    }

    /// Reports a malformed row on standard error: the first ``malformedReportLimit`` ones each on a
    /// line, then how many more there were (at the end of the run).
    private func noteMalformed(source: String, line: Int, reason: RowReason) {
        malformedSeen += 1
        guard malformedSeen <= Self.malformedReportLimit else { return }
        progress?.finish()
        try? diagnostics.write("normalize: \(source):\(line): \(reason.identifier)\n")
    }

    private func reportRemainingMalformed() {
        let more = malformedSeen - Self.malformedReportLimit
        guard more > 0 else { return }
        let hint = reject == nil ? " (--reject FILE lists them all)" : ""
        try? diagnostics.write("normalize: \(more) more malformed rows\(hint)\n")
    }

    private func flushRejects() throws(NormalizeError) {
        guard let reject, rejectBuffer.count > 0 else { return }
        try reject.write(rejectBuffer)
        rejectBuffer.removeAll()
    }

    private static func unescapedValue(of span: FieldSpan, in base: UnsafeMutablePointer<UInt8>) -> [UInt8] {
        let raw = UnsafeBufferPointer(start: base + span.valueStart, count: span.valueEnd - span.valueStart)
        guard span.hasEscapedQuotes else { return Array(raw) }
        var value: [UInt8] = []
        var index = 0
        while index < raw.count {
            value.append(raw[index])
            index +=
                raw[index] == UInt8(ascii: "\"") && index + 1 < raw.count && raw[index + 1] == raw[index]
                ? 2 : 1
        }
        return value
    }
}

/// One batch handed to `DispatchQueue.concurrentPerform`: iteration `i` runs worker `i` on item `i`.
///
/// Unchecked because it carries class references and a pointer: each iteration touches only its own
/// worker, the items and the buffer are only read, and `concurrentPerform` returns after every
/// iteration has finished, so nothing is shared while it is written. No locks are needed.
private struct Batch: @unchecked Sendable {
    let workers: [ChunkProcessor]
    let items: [FramedItem]
    let base: UnsafePointer<UInt8>

    func run(_ index: Int) {
        workers[index].process(items[index], base: base)
    }
}
