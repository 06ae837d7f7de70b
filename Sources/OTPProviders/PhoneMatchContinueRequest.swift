/// The OTP validation ("continue") request of PhoneMatch5.0 (`POST /process/continue`): the
/// template from the initial response with the user's entry filled in.
///
/// The initial response's `continuations.outofband.template` has this shape with `key` `null`;
/// build the request with ``PhoneMatchInitialResponse/continueRequest(userEntry:)``.
public struct PhoneMatchContinueRequest: Sendable, Hashable, Codable {
    /// The path of the continue request, as the documents give it.
    public static let path = "/process/continue"

    /// `token`: the token returned by the initial response.
    public var token: String
    /// `codematch`: holds the user's entry.
    public var codeMatch: CodeMatch

    /// Creates a request.
    public init(token: String, codeMatch: CodeMatch) {
        self.token = token
        self.codeMatch = codeMatch
    }

    enum CodingKeys: String, CodingKey {
        case token
        case codeMatch = "codematch"
    }

    /// `codematch`: the user's one-time code entry.
    public struct CodeMatch: Sendable, Hashable, Codable {
        /// `key`: the user's entry (a ``Secret``); `null` in the initial response's template.
        public var key: Secret?

        /// Creates the object.
        public init(key: Secret?) {
            self.key = key
        }

        /// Writes `key`, as `null` when absent (the template's form).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
        }
    }
}
