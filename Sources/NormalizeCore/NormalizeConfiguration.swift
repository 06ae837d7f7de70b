package import PhoneNumbers

/// Everything a run needs to know besides its inputs: how to read rows, what to write, and the
/// bounds that keep memory constant.
package struct NormalizeConfiguration: Sendable {
    /// How the input is cut into rows and fields.
    package var dialect: InputDialect = .lines
    /// What each output row looks like.
    package var style: OutputStyle = .same
    /// How a valid number is written in ``OutputStyle/same`` output.
    package var format: PhoneNumberFormat = .e164
    /// The column that holds the numbers (tables only).
    package var column: ColumnSelector? = nil
    /// The column that holds each row's default region (tables only).
    package var regionColumn: ColumnSelector? = nil
    /// The default region for numbers without `+` (ISO 3166-1 alpha-2), already checked.
    package var defaultRegion: String? = nil
    /// Keep the original column and add one with the normalized number, instead of replacing it.
    package var append = false
    /// Write numbers without their extension (`same` output: E.164 then `;ext=` and the digits
    /// otherwise; JSON Lines and TSV: the `extension` field empty).
    package var dropExtension = false
    /// Whether tables start with a header row.
    package var hasHeader = true
    /// Bytes read before a batch is handed to the workers.
    package var batchBytes = 4 << 20
    /// Runs of records per batch (more runs than cores keeps both cores busy).
    package var chunksPerBatch = 16
    /// Line feeds per batch, at most: bounds the output a batch makes (up to ~170 bytes of JSON for
    /// an empty line), so memory stays small whatever the rows look like.
    package var maxRowsPerBatch = 65_536
    /// The longest record, line end included; longer ones are reported as `record_too_long`.
    package var maxRecordBytes = 1 << 20

    /// Creates the default configuration: lines in, E.164 out.
    package init() {}

    /// The name of the column `--append` adds: the format's name.
    package var appendedColumnName: StaticString {
        switch format {
        case .e164: "e164"
        case .international: "international"
        case .national: "national"
        case .rfc3966: "rfc3966"
        }
    }
}

/// Where the columns a run reads sit in one table file.
package struct TableLayout: Sendable, Hashable {
    /// The 0-based position of the numbers' column.
    package var column: Int
    /// The 0-based position of the region column, if any.
    package var regionColumn: Int?
    /// The number of fields every row must have: the header's (or the first row's) count.
    package var width: Int

    /// Creates a layout.
    package init(column: Int, regionColumn: Int?, width: Int) {
        self.column = column
        self.regionColumn = regionColumn
        self.width = width
    }
}
