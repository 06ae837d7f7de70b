import Glibc

/// A run of input bytes that a worker can handle without looking at its neighbours.
package enum FramedItem: Sendable, Hashable {
    /// Whole records, in the byte range of the current buffer; the last one may lack its line end
    /// (end of input).
    case records(Range<Int>)
    /// A record longer than the bound, already skipped: it counts as one malformed row spanning
    /// `lineSpan` line feeds.
    case oversized(lineSpan: Int)
}

/// Where a CSV scan stands inside a record (RFC 4180 §2).
package enum CSVScanState: UInt8, Sendable, Hashable {
    /// At the first byte of a field.
    case fieldStart
    /// Inside a field that did not start with a quote; quotes here are ordinary bytes.
    case unquoted
    /// Inside a quoted field.
    case quoted
    /// Just after a quote inside a quoted field: a second quote is an escaped quote, anything else
    /// closes the field.
    case quoteInQuoted
}

/// Cuts a stream of bytes, one buffer at a time, into runs of whole records for the workers, with
/// memory bounded by the record limit.
///
/// Each call to ``frame(_:isFinal:chunkBytes:into:)`` looks at the bytes read so far; it hands out
/// the whole records and returns how many bytes it used: the caller keeps the rest (one partial
/// record, shorter than the bound) in front of the next read. A record that grows past the bound is
/// reported as ``FramedItem/oversized(lineSpan:)`` and its bytes are skipped as they arrive, so a
/// missing closing quote cannot make the reader buffer the rest of the file.
package struct RecordFramer: Sendable {
    /// How records and fields are delimited.
    package let dialect: InputDialect
    /// The longest record, line end included, in bytes.
    package let maxRecordBytes: Int
    private var atInputStart = true
    private var skipping = false
    private var skipState = CSVScanState.fieldStart
    private var skipLines = 0

    /// Creates a framer for one input (a file or standard input).
    package init(dialect: InputDialect, maxRecordBytes: Int) {
        self.dialect = dialect
        self.maxRecordBytes = max(maxRecordBytes, 1)
    }

    /// Appends the whole records of `buffer` to `items`, in runs of about `chunkBytes`, and returns
    /// the number of bytes used. At the end of the input (`isFinal`) every byte is used.
    ///
    /// A UTF-8 byte order mark at the start of the input is skipped.
    package mutating func frame(
        _ buffer: UnsafeBufferPointer<UInt8>, isFinal: Bool, chunkBytes: Int, into items: inout [FramedItem]
    ) -> Int {
        let count = buffer.count
        guard let base = buffer.baseAddress, count > 0 else {
            if isFinal && skipping {
                items.append(.oversized(lineSpan: skipLines))
                skipping = false
            }
            return 0
        }
        var position = 0
        if atInputStart {
            if count < 3 && !isFinal { return 0 }
            atInputStart = false
            if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { position = 3 }
        }
        if skipping {
            guard let end = skipRecord(base, from: position, count: count) else {
                if isFinal {
                    items.append(.oversized(lineSpan: skipLines))
                    skipping = false
                }
                return count
            }
            items.append(.oversized(lineSpan: skipLines))
            skipping = false
            position = end
        }
        switch dialect {
        case .csv:
            return frameCSV(base, from: position, count: count, isFinal: isFinal, chunk: chunkBytes, &items)
        case .lines, .tsv:
            return frameLines(base, from: position, count: count, isFinal: isFinal, chunk: chunkBytes, &items)
        }
    }

    /// Keeps skipping an oversized record; returns the index after its line end, or `nil` when the
    /// buffer ends first.
    private mutating func skipRecord(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int? {
        switch dialect {
        case .csv:
            var state = skipState
            var lines = 0
            let end = Self.scanCSVRecord(
                base, from: start, count: count, delimiter: UInt8(ascii: ","), state: &state, lines: &lines)
            skipState = state
            skipLines += lines
            return end
        case .lines, .tsv:
            guard let newline = Self.firstNewline(base, from: start, count: count) else { return nil }
            skipLines += 1
            return newline + 1
        }
    }

    private mutating func startSkipping(state: CSVScanState, lines: Int) {
        skipping = true
        skipState = state
        skipLines = lines
    }

    private mutating func frameCSV(
        _ base: UnsafePointer<UInt8>, from start: Int, count: Int, isFinal: Bool, chunk: Int,
        _ items: inout [FramedItem]
    ) -> Int {
        let comma = UInt8(ascii: ",")
        var position = start
        var chunkStart = start
        while let end = Self.findCSVRecordEnd(base, from: position, count: count, delimiter: comma) {
            position = end
            if position - chunkStart >= chunk {
                items.append(.records(chunkStart..<position))
                chunkStart = position
            }
        }
        // The rest is one incomplete record: scan it again, slowly, for its state and line feeds.
        var state = CSVScanState.fieldStart
        var lines = 0
        _ = Self.scanCSVRecord(
            base, from: position, count: count, delimiter: comma, state: &state, lines: &lines)
        let pending = count - position
        if isFinal {
            if pending > maxRecordBytes {
                if position > chunkStart { items.append(.records(chunkStart..<position)) }
                items.append(.oversized(lineSpan: lines))
            } else if count > chunkStart {
                items.append(.records(chunkStart..<count))
            }
            return count
        }
        if position > chunkStart { items.append(.records(chunkStart..<position)) }
        if pending >= maxRecordBytes {
            startSkipping(state: state, lines: lines)
            return count
        }
        return position
    }

    /// Finds the end of the CSV record that starts at `start` (RFC 4180 §2): the index after the
    /// line feed that ends it, or `nil` when the buffer ends first. The fast path of the framer: it
    /// jumps from quote to line feed eight bytes at a time and counts nothing.
    @inline(__always)
    package static func findCSVRecordEnd(
        _ base: UnsafePointer<UInt8>, from start: Int, count: Int, delimiter: UInt8
    ) -> Int? {
        let quote = UInt8(ascii: "\"")
        var index = start
        if index < count && base[index] == quote {
            guard let after = endOfQuotedField(base, from: index + 1, count: count) else { return nil }
            index = after
        }
        while let found = nextNewlineOrQuote(base, from: index, count: count) {
            if base[found] == 0x0A { return found + 1 }
            if base[found - 1] == delimiter {  // a quote that opens a field (found > start here)
                guard let after = endOfQuotedField(base, from: found + 1, count: count) else { return nil }
                index = after
            } else {
                index = found + 1  // a quote inside an unquoted field is an ordinary byte
            }
        }
        return nil
    }

    /// The index after the closing quote of a quoted field whose content starts at `start`, or
    /// `nil` when the buffer ends before it is known.
    @inline(__always)
    private static func endOfQuotedField(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int? {
        var index = start
        while index < count, let found = memchr(base + index, Int32(UInt8(ascii: "\"")), count - index) {
            let quote = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            guard quote + 1 < count else { return nil }
            if base[quote + 1] != UInt8(ascii: "\"") { return quote + 1 }
            index = quote + 2
        }
        return nil
    }

    /// The index of the first line feed or double quote in `start..<count`, eight bytes at a time.
    @inline(__always)
    private static func nextNewlineOrQuote(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int?
    {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        while index + 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let newlines = word ^ (ones &* 0x0A)
            let quotes = word ^ (ones &* 0x22)
            // A byte is zero in `newlines` or `quotes` where the word has that byte; the lowest
            // flagged byte is exact (the borrow trick only errs above a true match).
            let found = (((newlines &- ones) & ~newlines) | ((quotes &- ones) & ~quotes)) & highs
            if found != 0 { return index + found.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < count {
            let byte = base[index]
            if byte == 0x0A || byte == 0x22 { return index }
            index += 1
        }
        return nil
    }

    private mutating func frameLines(
        _ base: UnsafePointer<UInt8>, from start: Int, count: Int, isFinal: Bool, chunk: Int,
        _ items: inout [FramedItem]
    ) -> Int {
        let completeEnd = Self.lastNewline(base, from: start, count: count).map { $0 + 1 } ?? start
        var chunkStart = start
        let step = max(chunk, 1)
        while completeEnd - chunkStart > step {
            guard let newline = Self.firstNewline(base, from: chunkStart + step - 1, count: completeEnd)
            else {
                break
            }
            items.append(.records(chunkStart..<(newline + 1)))
            chunkStart = newline + 1
        }
        if completeEnd > chunkStart { items.append(.records(chunkStart..<completeEnd)) }
        let pending = count - completeEnd
        if isFinal {
            if pending > maxRecordBytes {
                items.append(.oversized(lineSpan: 0))
            } else if pending > 0 {
                items.append(.records(completeEnd..<count))
            }
            return count
        }
        if pending >= maxRecordBytes {
            startSkipping(state: .unquoted, lines: 0)
            return count
        }
        return completeEnd
    }

    /// Scans one CSV record from `start` (RFC 4180 §2), resuming from `state`; returns the index after
    /// the line feed that ends it, or `nil` when the buffer ends first (then `state` says where the
    /// scan stands). `lines` counts the line feeds passed, the final one included.
    @inline(__always)
    package static func scanCSVRecord(
        _ base: UnsafePointer<UInt8>, from start: Int, count: Int, delimiter: UInt8,
        state: inout CSVScanState, lines: inout Int
    ) -> Int? {
        let quote = UInt8(ascii: "\"")
        var index = start
        var current = state
        defer { state = current }
        while index < count {
            let byte = base[index]
            switch current {
            case .unquoted:
                if byte == delimiter {
                    current = .fieldStart
                } else if byte == 0x0A {
                    lines += 1
                    current = .fieldStart
                    return index + 1
                }
            case .fieldStart:
                if byte == quote {
                    current = .quoted
                } else if byte == 0x0A {
                    lines += 1
                    return index + 1
                } else if byte != delimiter {
                    current = .unquoted
                }
            case .quoted:
                if byte == quote {
                    current = .quoteInQuoted
                } else if byte == 0x0A {
                    lines += 1
                }
            case .quoteInQuoted:
                if byte == quote {
                    current = .quoted
                } else if byte == delimiter {
                    current = .fieldStart
                } else if byte == 0x0A {
                    lines += 1
                    current = .fieldStart
                    return index + 1
                } else {
                    current = .unquoted  // text after the closing quote: the worker reports it
                }
            }
            index += 1
        }
        return nil
    }

    /// The index of the first line feed in `start..<count`.
    @inline(__always)
    package static func firstNewline(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int? {
        guard start < count else { return nil }
        guard let found = memchr(base + start, 0x0A, count - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// The index of the last line feed in `start..<count`.
    @inline(__always)
    package static func lastNewline(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int? {
        var index = count - 1
        while index >= start {
            if base[index] == 0x0A { return index }
            index -= 1
        }
        return nil
    }
}
