/// How the input is cut into rows and fields.
package enum InputDialect: Sendable, Hashable {
    /// One phone number per line; a line ends with LF or CRLF.
    case lines
    /// Comma-separated values with a header row (RFC 4180): fields may be enclosed in double quotes
    /// and then hold commas, doubled quotes and line breaks.
    case csv
    /// Tab-separated values (IANA text/tab-separated-values): fields end at a tab, rows at LF or
    /// CRLF, and there is no quoting.
    case tsv

    /// The byte that separates fields, or `nil` for ``lines``.
    package var delimiter: UInt8? {
        switch self {
        case .lines: nil
        case .csv: UInt8(ascii: ",")
        case .tsv: 0x09
        }
    }
}
