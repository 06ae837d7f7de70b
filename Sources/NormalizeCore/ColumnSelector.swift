/// Which column of a table to read: by its name in the header row or by its 1-based position.
package enum ColumnSelector: Sendable, Hashable, CustomStringConvertible {
    /// The column whose header field is exactly this text.
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

    /// The 0-based position of the column in a header whose fields are `header`, or `nil` when the
    /// header has no such column. Without a header only ``index(_:)`` resolves.
    package func resolve(header: [[UInt8]]?) -> Int? {
        switch self {
        case .index(let position):
            guard position >= 1 else { return nil }
            if let header, position > header.count { return nil }
            return position - 1
        case .name(let name):
            guard let header else { return nil }
            let wanted = Array(name.utf8)
            return header.firstIndex(of: wanted)
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
