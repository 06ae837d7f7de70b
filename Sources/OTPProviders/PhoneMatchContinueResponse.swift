/// The response to a PhoneMatch5.0 continue request: whether the user's entry matched.
public struct PhoneMatchContinueResponse: Sendable, Hashable, Codable {
    /// `final`: the status step.
    public var final: Final?
    /// `meta`: the transaction.
    public var meta: PhoneMatchMeta
    /// `output`: the code match.
    public var output: Output?
    /// `result`: `PASS`/`ALL CHECKS PASSED` or `FAIL`/`FAILED OUT-OF-BAND CHECK`.
    public var result: PhoneMatchResult

    /// Creates a response.
    public init(final: Final?, meta: PhoneMatchMeta, output: Output?, result: PhoneMatchResult) {
        self.final = final
        self.meta = meta
        self.output = output
        self.result = result
    }

    /// Whether the entry matched: `output.codematch.key_matched`, `false` when absent.
    public var keyMatched: Bool { output?.codeMatch?.keyMatched ?? false }

    /// `final`: where the transaction's status can be read.
    public struct Final: Sendable, Hashable, Codable {
        /// `template`: holds the status token.
        public var template: Template
        /// `url`: e.g. `/process/status`.
        public var url: String

        /// Creates the object.
        public init(template: Template, url: String) {
            self.template = template
            self.url = url
        }
    }

    /// `final.template`.
    public struct Template: Sendable, Hashable, Codable {
        /// `token`: the status token.
        public var token: String

        /// Creates the object.
        public init(token: String) {
            self.token = token
        }
    }

    /// `output` of the continue response.
    public struct Output: Sendable, Hashable, Codable {
        /// `codematch`.
        public var codeMatch: CodeMatchOutput?

        /// Creates the object.
        public init(codeMatch: CodeMatchOutput?) {
            self.codeMatch = codeMatch
        }

        enum CodingKeys: String, CodingKey {
            case codeMatch = "codematch"
        }
    }

    /// `output.codematch`.
    public struct CodeMatchOutput: Sendable, Hashable, Codable {
        /// `key_matched`: whether the entry matched the code sent.
        public var keyMatched: Bool

        /// Creates the object.
        public init(keyMatched: Bool) {
            self.keyMatched = keyMatched
        }

        enum CodingKeys: String, CodingKey {
            case keyMatched = "key_matched"
        }
    }
}
