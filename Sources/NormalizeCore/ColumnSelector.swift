/// Which column of a table to read: by its name in the header row or by its 1-based position.
package enum ColumnSelector: Sendable, Hashable, CustomStringConvertible {
    /// The column whose header field is this text (exactly, or else ignoring case).
    case name(String)
    /// The column at this 1-based position.
    case index(Int)

    /// Reads an option's value: ASCII digits are a 1-based position, anything else a header name.
    package init(argument: String) {
        if !argument.isEmpty, argument.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), argument.utf8.count <= 9,
            let position = Int(argument)
        {
            self = .index(position)
        } else {
            self = .name(argument)
        }
    }

    /// What a selector finds in a header.
    package enum Resolution: Sendable, Hashable {
        /// The column's 0-based position.
        case found(Int)
        /// No column matches.
        case notFound
        /// No header field is the name exactly, and several are when case is ignored: their names.
        case ambiguous([String])
    }

    /// The column in a header whose fields are `header` (`nil` without a header, where only
    /// ``index(_:)`` resolves). A name matches the first field that is exactly that text; failing
    /// that, the one field equal to it when case is ignored (Unicode lower case), and it is
    /// ``Resolution/ambiguous(_:)`` when several are.
    package func resolve(header: [[UInt8]]?) -> Resolution {
        switch self {
        case .index(let position):
            guard position >= 1 else { return .notFound }
            if let header, position > header.count { return .notFound }
            return .found(position - 1)
        case .name(let name):
            guard let header else { return .notFound }
            if let exact = header.firstIndex(of: Array(name.utf8)) { return .found(exact) }
            let wanted = name.lowercased()
            let matches = header.indices.filter {
                String(decoding: header[$0], as: UTF8.self).lowercased() == wanted
            }
            switch matches.count {
            case 0: return .notFound
            case 1: return .found(matches[0])
            default: return .ambiguous(matches.map { String(decoding: header[$0], as: UTF8.self) })
            }
        }
    }

    /// The selector as the user wrote it, for messages.
    package var description: String {
        switch self {
        case .name(let name): "'\(name)'"
        case .index(let position): "\(position)"
        }
    }
}
