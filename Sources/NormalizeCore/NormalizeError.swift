import Glibc

/// Why a run stopped: one case per rule, naming the file it concerns.
package enum NormalizeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An input or output file could not be opened (`open(2)` failed with `errno`).
    case openFailed(path: String, errno: Int32)
    /// Reading an input failed (`read(2)` failed with `errno`).
    case readFailed(path: String, errno: Int32)
    /// Writing an output failed (`write(2)` failed with `errno`).
    case writeFailed(path: String, errno: Int32)
    /// A table's header has no column the option names.
    case columnNotFound(option: String, column: ColumnSelector, source: String)
    /// No header field is the option's name exactly, and several are when case is ignored.
    case ambiguousColumn(option: String, column: ColumnSelector, candidates: [String], source: String)
    /// A table's first record, its header, is longer than the record bound.
    case headerTooLong(source: String)

    /// The exit status (sysexits.h): 74 (EX_IOERR) for input and output, 64 (EX_USAGE) for an
    /// option that does not fit the input, 65 (EX_DATAERR) for a header that cannot be read.
    package var exitCode: Int32 {
        switch self {
        case .openFailed, .readFailed, .writeFailed: 74
        case .columnNotFound, .ambiguousColumn: 64
        case .headerTooLong: 65
        }
    }

    /// One line naming the problem.
    package var description: String {
        switch self {
        case .openFailed(let path, let code): "cannot open \(path): \(Self.text(of: code))"
        case .readFailed(let path, let code): "cannot read \(path): \(Self.text(of: code))"
        case .writeFailed(let path, let code): "cannot write \(path): \(Self.text(of: code))"
        case .columnNotFound(let option, let column, let source):
            "\(option) \(column): no such column in the header of \(source)"
        case .ambiguousColumn(let option, let column, let candidates, let source):
            "\(option) \(column): several columns of the header of \(source) match when case is ignored: "
                + candidates.map { "'\($0)'" }.joined(separator: ", ")
        case .headerTooLong(let source): "the header of \(source) is longer than the record limit"
        }
    }

    private static func text(of code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message)
    }
}
