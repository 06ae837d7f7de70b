/// Why a continue request cannot be built from an initial response.
public enum PhoneMatchFlowError: Error, Sendable, Hashable {
    /// The response has no `continuations.outofband` (the code was not sent); its result says why.
    case noContinuation(action: PhoneMatchAction, detail: PhoneMatchDetail)
    /// The continuation's `template.token` is empty.
    case missingToken
    /// The user's entry is empty after folding digits and removing spaces and dashes.
    case emptyEntry
}

extension PhoneMatchFlowError: CustomStringConvertible {
    /// A readable sentence; never contains the user's entry.
    public var description: String {
        switch self {
        case .noContinuation(let action, let detail):
            "the initial response has no continuations.outofband (result \(action) / \(detail))"
        case .missingToken: "the initial response's continuations.outofband.template.token is empty"
        case .emptyEntry: "the user's code entry is empty"
        }
    }
}
