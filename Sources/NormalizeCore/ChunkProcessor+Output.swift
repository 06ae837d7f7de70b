import PhoneNumbers

extension ChunkProcessor {
    /// Writes the row of one line (or one argument).
    func emitLine(content: UnsafeBufferPointer<UInt8>, outcome: RowOutcome) {
        let reason = count(outcome)
        switch configuration.style {
        case .same:
            if reason == nil, case .number(let number) = outcome {
                appendFormatted(number)
            } else if let reason {
                output.append(content)
                output.append(0x09)
                output.append(reason.identifier)
            }
            output.append(0x0A)
        case .jsonl:
            appendJSON(input: content, outcome: outcome, reason: reason)
        case .tsv:
            appendResultTable(input: content, outcome: outcome, reason: reason)
        }
        if let reason, keepsRejects { keepReject(content, reason, unterminated: false) }
    }

    /// Writes the row of a well-formed table record.
    func emitTableRow(
        _ base: UnsafePointer<UInt8>, recordStart: Int, content: UnsafeBufferPointer<UInt8>, span: FieldSpan,
        value: UnsafeBufferPointer<UInt8>, outcome: RowOutcome
    ) {
        let reason = count(outcome)
        switch configuration.style {
        case .same:
            let delimiter = configuration.dialect.delimiter ?? UInt8(ascii: ",")
            if reason == nil, case .number(let number) = outcome {
                if configuration.append {
                    output.append(content)
                    output.append(delimiter)
                    appendFormattedField(number, delimiter: delimiter)
                } else {
                    output.append(base + recordStart, span.rawStart - recordStart)
                    appendFormattedField(number, delimiter: delimiter)
                    output.append(base + span.rawEnd, recordStart + content.count - span.rawEnd)
                }
                output.append(delimiter)
                output.append("valid")
                output.append(delimiter)
            } else if let reason {
                output.append(content)
                if configuration.append { output.append(delimiter) }
                output.append(delimiter)
                output.append("invalid")
                output.append(delimiter)
                output.append(reason.identifier)
            }
            output.append(tableLineEnd)
        case .jsonl:
            appendJSON(input: value, outcome: outcome, reason: reason)
        case .tsv:
            appendResultTable(input: value, outcome: outcome, reason: reason)
        }
        if let reason, keepsRejects { keepReject(content, reason, unterminated: false) }
    }

    /// Writes the row of a malformed record: its content as it was (when it was kept), padded to
    /// the header's width, and the reason.
    ///
    /// A record with more fields than the header keeps them all: the header's fields, then the
    /// appended column (with `--append`), `status` and `reason` in their places, then the fields
    /// past the header's width (`extras` is where they start in `content`, at their delimiter).
    func emitMalformed(
        _ reason: RowReason, content: UnsafeBufferPointer<UInt8>?, unterminated: Bool, fieldCount: Int,
        value: UnsafeBufferPointer<UInt8>?, extras: Int? = nil
    ) {
        stats.count(reason)
        switch configuration.style {
        case .same:
            if let delimiter = configuration.dialect.delimiter {
                var tail: UnsafeBufferPointer<UInt8>? = nil
                if let content, let extras, extras < content.count {
                    output.append(UnsafeBufferPointer(rebasing: content[..<extras]))
                    tail = UnsafeBufferPointer(rebasing: content[extras...])
                } else {
                    if let content { output.append(content) }
                    if unterminated { output.append(UInt8(ascii: "\"")) }
                }
                var padding = layout.width - fieldCount
                while padding > 0 {
                    output.append(delimiter)
                    padding -= 1
                }
                if configuration.append { output.append(delimiter) }
                output.append(delimiter)
                output.append("malformed")
                output.append(delimiter)
                output.append(reason.identifier)
                if let tail {
                    output.append(tail)
                    if unterminated { output.append(UInt8(ascii: "\"")) }
                }
                output.append(tableLineEnd)
            } else {
                if let content { output.append(content) }
                output.append(0x09)
                output.append(reason.identifier)
                output.append(0x0A)
            }
        case .jsonl:
            appendJSON(input: value, outcome: nil, reason: reason)
        case .tsv:
            appendResultTable(input: value, outcome: nil, reason: reason)
        }
        keepReject(content ?? UnsafeBufferPointer(start: nil, count: 0), reason, unterminated: unterminated)
    }

    /// Counts the row; returns its reason, or `nil` when the number is valid.
    @inline(__always)
    private func count(_ outcome: RowOutcome) -> RowReason? {
        switch outcome {
        case .number(let number):
            if number.isValid {
                stats.countValid(regionSlot: RegionTable.slot(of: number.regionCode), type: number.type)
                return nil
            }
            stats.count(.invalidNumber)
            return .invalidNumber
        case .failed(let reason):
            stats.count(reason)
            return reason
        }
    }

    /// E.164, then `;ext=` and the extension's digits (RFC 3966's parameter) unless extensions
    /// are dropped: `+` and digits, `;`, `=` and letters, never quoted in CSV or TSV.
    @inline(__always)
    private func appendE164WithExtension(_ number: PhoneNumber) {
        output.appendE164(number)
        if !configuration.dropExtension, let ext = number.extension {
            output.append(";ext=")
            output.append(string: ext)
        }
    }

    /// The number in a format other than E.164 (the formats write the extension themselves).
    private func formattedText(_ number: PhoneNumber) -> String {
        let written = configuration.dropExtension ? number.withoutExtension : number
        return written.formatted(configuration.format, plan: plan)
    }

    @inline(__always)
    private func appendFormatted(_ number: PhoneNumber) {
        if configuration.format == .e164 {
            appendE164WithExtension(number)
        } else {
            output.append(string: formattedText(number))
        }
    }

    @inline(__always)
    private func appendFormattedField(_ number: PhoneNumber, delimiter: UInt8) {
        if configuration.format == .e164 {
            appendE164WithExtension(number)
            return
        }
        let text = formattedText(number)
        if configuration.dialect == .csv {
            output.appendCSVField(text, delimiter: delimiter)
        } else {
            output.append(string: text)
        }
    }

    private func keepReject(_ content: UnsafeBufferPointer<UInt8>, _ reason: RowReason, unterminated: Bool) {
        let start = rejects.count
        rejects.append(content)
        if unterminated { rejects.append(UInt8(ascii: "\"")) }
        rejectEntries.append(
            RejectEntry(relativeLine: lineFeeds, reason: reason, content: start..<rejects.count))
    }

    /// `{"input":…,"e164":…,"region":…,"type":…,"valid":…,"possible":…,"extension":…,"error":…}`.
    private func appendJSON(input: UnsafeBufferPointer<UInt8>?, outcome: RowOutcome?, reason: RowReason?) {
        output.append("{\"input\":")
        if let input { output.appendJSONString(input) } else { output.append("null") }
        if case .number(let number) = outcome {
            output.append(",\"e164\":\"")
            output.appendE164(number)
            output.append(UInt8(ascii: "\""))
            output.append(",\"region\":")
            if let region = number.regionCode {
                output.appendJSONString(region)
            } else {
                output.append("null")
            }
            output.append(",\"type\":")
            output.appendJSONString(number.type.identifier)
            output.append(number.isValid ? ",\"valid\":true" : ",\"valid\":false")
            output.append(number.isPossible ? ",\"possible\":true" : ",\"possible\":false")
            output.append(",\"extension\":")
            if !configuration.dropExtension, let ext = number.extension {
                output.appendJSONString(ext)
            } else {
                output.append("null")
            }
        } else {
            output.append(",\"e164\":null,\"region\":null,\"type\":null,\"valid\":false")
            output.append(",\"possible\":false,\"extension\":null")
        }
        output.append(",\"error\":")
        if let reason {
            output.append(UInt8(ascii: "\""))
            output.append(reason.identifier)
            output.append(UInt8(ascii: "\""))
        } else {
            output.append("null")
        }
        output.append("}\n")
    }

    /// `input e164 region type valid possible extension error`, tab-separated; empty for null.
    private func appendResultTable(
        input: UnsafeBufferPointer<UInt8>?, outcome: RowOutcome?, reason: RowReason?
    ) {
        if let input { output.appendTSVField(input) }
        output.append(0x09)
        if case .number(let number) = outcome {
            output.appendE164(number)
            output.append(0x09)
            if let region = number.regionCode { output.append(string: region) }
            output.append(0x09)
            output.append(string: number.type.identifier)
            output.append(number.isValid ? "\ttrue" : "\tfalse")
            output.append(number.isPossible ? "\ttrue\t" : "\tfalse\t")
            if !configuration.dropExtension, let ext = number.extension { output.append(string: ext) }
        } else {
            output.append("\t\t\tfalse\tfalse\t")
        }
        output.append(0x09)
        if let reason { output.append(reason.identifier) }
        output.append(0x0A)
    }
}
