import Glibc

/// Reads an input in batches of whole records: fills a buffer with large reads, frames it, and
/// keeps the partial record at its end for the next batch.
///
/// The buffer holds one batch plus one record bound, allocated once; nothing grows with the input.
package final class BatchReader {
    /// The first byte of the buffer; the current batch's items are ranges of it.
    package let base: UnsafeMutablePointer<UInt8>
    /// The items of the current batch.
    package private(set) var items: [FramedItem] = []
    private let capacity: Int
    private let batchBytes: Int
    private let chunksPerBatch: Int
    private let maxRowsPerBatch: Int
    private let dialect: InputDialect
    private let maxRecordBytes: Int
    private var framer: RecordFramer
    private var carried = 0
    private var used = 0
    private var atEnd = false
    private var finished = false

    /// Creates a reader whose batches are about `batchBytes` long (at least 4) and hold at most
    /// about `maxRowsPerBatch` line feeds, cut into runs of about `batchBytes / chunksPerBatch`.
    ///
    /// The row limit bounds the output a batch makes (each row's output has a fixed part, as large
    /// as 170 bytes of JSON for an empty line), so output buffers stay small whatever the rows.
    package init(
        dialect: InputDialect, batchBytes: Int, chunksPerBatch: Int, maxRecordBytes: Int,
        maxRowsPerBatch: Int = 65_536
    ) {
        self.dialect = dialect
        // At least room for a byte order mark (3 bytes), which the framer waits for at the start.
        self.batchBytes = max(batchBytes, 4)
        self.maxRecordBytes = max(maxRecordBytes, 1)
        self.chunksPerBatch = max(chunksPerBatch, 1)
        self.maxRowsPerBatch = max(maxRowsPerBatch, 1)
        capacity = self.batchBytes + self.maxRecordBytes
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        framer = RecordFramer(dialect: dialect, maxRecordBytes: self.maxRecordBytes)
    }

    deinit {
        base.deallocate()
    }

    /// Starts a new input.
    package func reset() {
        framer = RecordFramer(dialect: dialect, maxRecordBytes: maxRecordBytes)
        carried = 0
        used = 0
        atEnd = false
        finished = false
        items.removeAll(keepingCapacity: true)
    }

    /// Reads and frames the next batch with `read` (which fills up to the given count of bytes and
    /// returns how many it read, 0 at the end); returns `false` when the input is done. A batch may
    /// have no items (a long record still being read or skipped).
    package func next(
        _ read: (UnsafeMutablePointer<UInt8>, Int) throws(NormalizeError) -> Int
    ) throws(NormalizeError) -> Bool {
        if finished { return false }
        let mustRead = used == 0 && carried > 0
        if used > 0 && used < carried { memmove(base, base + used, carried - used) }
        carried -= used
        var readOnce = false
        while (carried < batchBytes || (mustRead && !readOnce)) && !atEnd && carried < capacity {
            let count = try read(base + carried, capacity - carried)
            if count == 0 { atEnd = true } else { carried += count }
            readOnce = true
        }
        items.removeAll(keepingCapacity: true)
        let limit = Self.offset(afterLineFeed: maxRowsPerBatch, in: base, count: carried) ?? carried
        let chunkBytes = max(limit / chunksPerBatch, 1)
        used = framer.frame(
            UnsafeBufferPointer(start: base, count: limit), isFinal: atEnd && limit == carried,
            chunkBytes: chunkBytes, into: &items)
        if used == 0 && limit < carried {
            // One record holds more line feeds than the row limit: frame the whole buffer.
            used = framer.frame(
                UnsafeBufferPointer(start: base, count: carried), isFinal: atEnd, chunkBytes: chunkBytes,
                into: &items)
            if atEnd { finished = true }
        } else if atEnd && limit == carried {
            finished = true
        }
        return true
    }

    /// The index after the `number`-th line feed of `base[0..<count]`, or `nil` when there are
    /// fewer; eight bytes at a time.
    package static func offset(afterLineFeed number: Int, in base: UnsafePointer<UInt8>, count: Int) -> Int? {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        var seen = 0
        var index = 0
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ newlines
            // The high bit of each byte that was a line feed (exact: no carries between bytes).
            let found = ~(((word & low7) &+ low7) | word | low7)
            let here = found.nonzeroBitCount
            if seen + here >= number { break }
            seen += here
            index += 8
        }
        while index < count {
            if base[index] == 0x0A {
                seen += 1
                if seen == number { return index + 1 }
            }
            index += 1
        }
        return nil
    }

    /// Replaces the first item (the header reader takes the table's first record off it).
    package func replaceFirstItem(with item: FramedItem?) {
        guard !items.isEmpty else { return }
        if let item { items[0] = item } else { items.removeFirst() }
    }
}
