import ArgumentParser
import DialtoneVersion
import NormalizeCore
import PhoneNumbers

/// The `normalize` command: its options, their checks, and its help text.
struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Normalize phone numbers: one row in, one row out, in input order.",
        usage: """
            normalize [--region <code>] [<options>] [<file> ...]
            normalize --csv --column <column> [--region-column <column>] [<options>] [<file> ...]
            normalize --region <code> <number> ...
            """,
        discussion: """
            Reads numbers one per line (or a CSV/TSV column) from the files, or from standard input \
            when there are none ('-' is standard input). An argument that names no file and looks like \
            a phone number (it starts with a digit, '+' or '(' and holds only digits, separators, an \
            extension at the end, or vanity words in capitals) is a phone number: its result is printed.

            Output (--output same): lines get the number, or the input, a tab and the reason; tables \
            get the column normalized (or kept, with --append) and 'status' (valid, invalid, malformed) \
            and 'reason' columns; E.164 keeps an extension as ';ext=' and its digits (--drop-extension \
            drops it). jsonl: one object per row with input, e164, region, type, valid, \
            possible, extension, error. tsv: the same fields, tab-separated, with a header.

            Exit status: 0 done (invalid numbers are data); 1 with --strict when a row is not a valid \
            number; 64 usage error; 65 a malformed row (invalid UTF-8, wrong field count, unterminated \
            quote, text after a closing quote, record over 1 MiB); 74 an input or output error.
            """,
        version: DialtoneVersion.current
    )

    @Option(
        help: ArgumentHelp(
            "Default region for numbers without '+' (ISO 3166-1 alpha-2, either case, e.g. US; UK and EL are GB and GR).",
            valueName: "code"))
    var region: String?

    @Flag(help: "Read CSV (RFC 4180) with a header row.")
    var csv = false

    @Flag(help: "Read TSV (tab-separated, no quoting) with a header row.")
    var tsv = false

    @Option(
        help: ArgumentHelp("The numbers' column: a header name or a 1-based position.", valueName: "column"))
    var column: String?

    @Option(
        help: ArgumentHelp(
            "The column with each row's default region; empty cells fall back to --region.",
            valueName: "column"))
    var regionColumn: String?

    @Flag(help: "Keep the numbers' column and add one with the normalized number.")
    var append = false

    @Flag(
        help:
            "Write numbers without their extension (by default E.164 is followed by ';ext=' and its digits).")
    var dropExtension = false

    @Flag(help: "The table has no header row (columns are then positions).")
    var noHeader = false

    @Option(help: ArgumentHelp("How valid numbers are written.", valueName: "format"))
    var format: FormatArgument = .e164

    @Option(
        help: ArgumentHelp(
            "Output rows: like the input (same), JSON Lines, or a TSV of the result fields.",
            valueName: "style"))
    var output: StyleArgument = .same

    @Option(
        help: ArgumentHelp(
            "Write the rows that failed, with line number and reason, to this file.", valueName: "file"))
    var reject: String?

    @Flag(help: "Print a summary (rows, valid, invalid by reason, regions, types) to standard error.")
    var stats = false

    @Flag(help: "Exit with status 1 when any row is not a valid number.")
    var strict = false

    @Flag(help: "Never draw the progress line (drawn only when standard error is a terminal).")
    var noProgress = false

    @Argument(
        help: ArgumentHelp(
            "Files to read ('-' is standard input), or phone numbers.", valueName: "file-or-number"))
    var inputs: [String] = []

    /// The region `--region` names (checked by ``validate()``).
    var resolvedRegion: String? {
        region.flatMap { try? RegionTable(plan: .bundled).resolve(option: $0).get() }
    }

    /// Whether the arguments are numbers rather than files.
    var argumentsAreNumbers: Bool {
        !(csv || tsv) && !inputs.isEmpty && inputs.allSatisfy { InputArgument.isNumber($0) }
    }

    func validate() throws {
        if csv && tsv { throw ValidationError("--csv and --tsv cannot be used together") }
        let isTable = csv || tsv
        if isTable {
            guard let column else {
                throw ValidationError(
                    "--\(csv ? "csv" : "tsv") needs --column (a header name or a 1-based position)")
            }
            try Self.checkColumn(column, option: "--column", hasHeader: !noHeader)
            if let regionColumn {
                try Self.checkColumn(regionColumn, option: "--region-column", hasHeader: !noHeader)
            }
        } else {
            for (name, given) in [
                ("--column", column != nil), ("--region-column", regionColumn != nil),
                ("--append", append), ("--no-header", noHeader),
            ] where given {
                throw ValidationError("\(name) needs --csv or --tsv")
            }
        }
        if append, output != .same {
            throw ValidationError(
                "--append cannot be used with --output \(output.rawValue): it adds a column to the input's rows, which only --output same writes"
            )
        }
        if let region {
            if case .failure(let error) = RegionTable(plan: .bundled).resolve(option: region) {
                throw ValidationError("--region: \(error.description)")
            }
        }
        if !isTable {
            let numbers = inputs.filter { InputArgument.isNumber($0) }
            if !numbers.isEmpty && numbers.count != inputs.count {
                throw ValidationError(
                    "give either files or numbers, not both ('\(numbers[0])' is read as a number)")
            }
        }
    }

    private static func checkColumn(_ text: String, option: String, hasHeader: Bool) throws {
        switch ColumnSelector(argument: text) {
        case .index(let position):
            if position < 1 { throw ValidationError("\(option) \(text): positions start at 1") }
        case .name(let name):
            if name.isEmpty { throw ValidationError("\(option) needs a header name or a 1-based position") }
            if !hasHeader {
                throw ValidationError("\(option) '\(name)': with --no-header columns are positions")
            }
        }
    }
}

/// `--format` values.
enum FormatArgument: String, ExpressibleByArgument, CaseIterable {
    case e164, international, national, rfc3966

    var format: PhoneNumberFormat {
        switch self {
        case .e164: .e164
        case .international: .international
        case .national: .national
        case .rfc3966: .rfc3966
        }
    }
}

/// `--output` values.
enum StyleArgument: String, ExpressibleByArgument, CaseIterable {
    case same, jsonl, tsv

    var style: OutputStyle {
        switch self {
        case .same: .same
        case .jsonl: .jsonl
        case .tsv: .tsv
        }
    }
}
