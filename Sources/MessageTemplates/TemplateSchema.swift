/// The set of names a template may use, each bound to a fixed slot.
///
/// Compiling against a schema resolves every name to its slot (its index in ``names``) at compile
/// time and rejects names the schema does not define with ``TemplateError/unknownName(_:at:)``.
/// All templates compiled against one schema share its slot numbering, so one ``TemplateValues``
/// built for the schema renders any of them.
public struct TemplateSchema: Sendable, Hashable {
    /// The names, in slot order.
    public let names: [String]

    /// Creates a schema; every name must be valid (``TemplateParser/isValidName(_:)``) and unique.
    public init(_ names: [String]) throws(TemplateSchemaError) {
        for (index, name) in names.enumerated() {
            guard TemplateParser.isValidName(name) else { throw .invalidName(name) }
            if names[..<index].contains(name) { throw .duplicateName(name) }
        }
        self.names = names
    }

    /// Creates a schema from names known to be valid and unique (the built-in schemas).
    package init(trustedNames names: [String]) {
        self.names = names
    }

    /// The slot of `name`, or `nil` if the schema does not define it.
    public func slot(of name: String) -> Int? {
        names.firstIndex(of: name)
    }

    /// The slot of the name held in `bytes`, or `nil`.
    func slot(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        for (index, name) in names.enumerated() where name.utf8.count == bytes.count {
            if name.utf8.elementsEqual(bytes) { return index }
        }
        return nil
    }
}

/// Why a list of names is not a valid ``TemplateSchema``.
public enum TemplateSchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A name that is not ASCII letters, digits and `_`, starts with a digit, is empty or too long.
    case invalidName(String)
    /// A name listed twice.
    case duplicateName(String)

    /// A one-line English explanation.
    public var description: String {
        switch self {
        case .invalidName(let name): "invalid schema name '\(name)'"
        case .duplicateName(let name): "schema name '\(name)' is listed twice"
        }
    }

    /// A stable snake_case identifier of the rule, for logs and API responses.
    public var identifier: String {
        switch self {
        case .invalidName: "invalid_name"
        case .duplicateName: "duplicate_name"
        }
    }
}
