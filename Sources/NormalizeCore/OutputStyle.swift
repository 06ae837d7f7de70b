/// What each output row looks like.
package enum OutputStyle: String, Sendable, Hashable, CaseIterable {
    /// Like the input: a line per number for lines; the CSV or TSV with the column normalized and
    /// `status` and `reason` columns for tables.
    case same
    /// One JSON object per row (JSON Lines; RFC 8259 text).
    case jsonl
    /// A tab-separated table of the result fields, with a header row.
    case tsv
}
