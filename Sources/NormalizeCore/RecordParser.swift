/// One field of a record, as offsets into the buffer that holds it.
package struct FieldSpan: Sendable, Hashable {
    /// The first byte of the field as written (its opening quote, if quoted).
    package var rawStart: Int
    /// The index after the field as written (after its closing quote, if quoted).
    package var rawEnd: Int
    /// The first byte of the field's value (inside the quotes).
    package var valueStart: Int
    /// The index after the value.
    package var valueEnd: Int
    /// Whether the value holds `""` pairs that each stand for one quote (RFC 4180 §2.7).
    package var hasEscapedQuotes: Bool

    /// Creates a span.
    package init(rawStart: Int, rawEnd: Int, valueStart: Int, valueEnd: Int, hasEscapedQuotes: Bool) {
        self.rawStart = rawStart
        self.rawEnd = rawEnd
        self.valueStart = valueStart
        self.valueEnd = valueEnd
        self.hasEscapedQuotes = hasEscapedQuotes
    }
}

/// Where a record ends and what is wrong with it, if anything.
package struct RecordShape: Sendable, Hashable {
    /// The index after the record's line feed, or the end of the bytes for the last record.
    package var end: Int
    /// The index where the line end (LF or CRLF) starts: the record's content is `start..<contentEnd`.
    package var contentEnd: Int
    /// The line feeds inside the record, its final one included.
    package var lineFeeds: Int
    /// ``RowReason/unterminatedQuote`` or ``RowReason/textAfterClosingQuote``, or `nil`.
    package var issue: RowReason?
}

/// Reads one record at a time out of bytes that start at a record boundary.
package enum RecordParser {
    /// Reads the CSV record at `start` (RFC 4180 §2), replacing `fields` with its fields.
    ///
    /// A record ends at a line feed outside quotes; a carriage return just before it belongs to the
    /// line end. A quote opens a quoted field only at the start of a field; elsewhere it is an
    /// ordinary byte. Text after a closing quote, and a quoted field still open at `limit`, are
    /// reported in ``RecordShape/issue``.
    @inline(__always)
    package static func parseCSV(
        _ base: UnsafePointer<UInt8>, start: Int, limit: Int, delimiter: UInt8, fields: FieldList
    ) -> RecordShape {
        let quote = UInt8(ascii: "\"")
        fields.removeAll()
        var index = start
        var lineFeeds = 0
        var issue: RowReason? = nil
        while true {
            let rawStart = index
            var span: FieldSpan
            var contentEnd: Int
            if index < limit && base[index] == quote {
                index += 1
                let valueStart = index
                var escaped = false
                var closed = false
                while index < limit {
                    let byte = base[index]
                    if byte == quote {
                        if index + 1 < limit && base[index + 1] == quote {
                            escaped = true
                            index += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if byte == 0x0A { lineFeeds += 1 }
                    index += 1
                }
                guard closed else {
                    fields.append(
                        FieldSpan(
                            rawStart: rawStart, rawEnd: limit, valueStart: valueStart, valueEnd: limit,
                            hasEscapedQuotes: escaped))
                    return RecordShape(
                        end: limit, contentEnd: limit, lineFeeds: lineFeeds, issue: .unterminatedQuote)
                }
                let valueEnd = index
                index += 1
                span = FieldSpan(
                    rawStart: rawStart, rawEnd: index, valueStart: valueStart, valueEnd: valueEnd,
                    hasEscapedQuotes: escaped)
                contentEnd = index
                if index < limit {
                    let next = base[index]
                    if next == 0x0D && (index + 1 == limit || base[index + 1] == 0x0A) {
                        index += 1
                    } else if next != delimiter && next != 0x0A {
                        if issue == nil { issue = .textAfterClosingQuote }
                        while index < limit && base[index] != delimiter && base[index] != 0x0A { index += 1 }
                        span.rawEnd = index
                        if index > span.valueEnd + 1 && base[index - 1] == 0x0D
                            && (index == limit || base[index] == 0x0A)
                        {
                            span.rawEnd -= 1
                        }
                        contentEnd = span.rawEnd
                    }
                }
            } else {
                while index < limit {
                    let byte = base[index]
                    if byte == delimiter || byte == 0x0A { break }
                    index += 1
                }
                var valueEnd = index
                if index > rawStart && base[index - 1] == 0x0D && (index == limit || base[index] == 0x0A) {
                    valueEnd -= 1
                }
                span = FieldSpan(
                    rawStart: rawStart, rawEnd: valueEnd, valueStart: rawStart, valueEnd: valueEnd,
                    hasEscapedQuotes: false)
                contentEnd = valueEnd
            }
            if index < limit && base[index] == delimiter {
                fields.append(span)
                index += 1
                continue
            }
            fields.append(span)
            if index < limit {
                lineFeeds += 1
                return RecordShape(end: index + 1, contentEnd: contentEnd, lineFeeds: lineFeeds, issue: issue)
            }
            return RecordShape(end: limit, contentEnd: contentEnd, lineFeeds: lineFeeds, issue: issue)
        }
    }

    /// Reads the TSV record at `start` (IANA text/tab-separated-values: no quoting), replacing
    /// `fields` with its fields.
    @inline(__always)
    package static func parseTSV(
        _ base: UnsafePointer<UInt8>, start: Int, limit: Int, fields: FieldList
    ) -> RecordShape {
        let shape = parseLine(base, start: start, limit: limit)
        fields.removeAll()
        var fieldStart = start
        var index = start
        while index < shape.contentEnd {
            if base[index] == 0x09 {
                fields.append(
                    FieldSpan(
                        rawStart: fieldStart, rawEnd: index, valueStart: fieldStart, valueEnd: index,
                        hasEscapedQuotes: false))
                fieldStart = index + 1
            }
            index += 1
        }
        fields.append(
            FieldSpan(
                rawStart: fieldStart, rawEnd: shape.contentEnd, valueStart: fieldStart,
                valueEnd: shape.contentEnd, hasEscapedQuotes: false))
        return shape
    }

    /// Reads the line at `start`: it ends at a line feed (a carriage return before it belongs to
    /// the line end) or at `limit`.
    @inline(__always)
    package static func parseLine(_ base: UnsafePointer<UInt8>, start: Int, limit: Int) -> RecordShape {
        if let newline = RecordFramer.firstNewline(base, from: start, count: limit) {
            let contentEnd = newline > start && base[newline - 1] == 0x0D ? newline - 1 : newline
            return RecordShape(end: newline + 1, contentEnd: contentEnd, lineFeeds: 1, issue: nil)
        }
        let contentEnd = limit > start && base[limit - 1] == 0x0D ? limit - 1 : limit
        return RecordShape(end: limit, contentEnd: contentEnd, lineFeeds: 0, issue: nil)
    }
}
