/// The response to a PhoneMatch5.0 initial request.
///
/// When the code was sent, `result.action` is `PENDING` and `continuations.outofband.template`
/// carries the token for the continue request.
public struct PhoneMatchInitialResponse: Sendable, Hashable, Codable {
    /// `output`: `{"outofband": {}}` in the samples.
    public var output: Output?
    /// `meta`: the transaction.
    public var meta: PhoneMatchMeta
    /// `result`: action, detail and issues.
    public var result: PhoneMatchResult
    /// `continuations`: how to continue; present when the code was sent.
    public var continuations: Continuations?

    /// Creates a response.
    public init(
        output: Output?, meta: PhoneMatchMeta, result: PhoneMatchResult, continuations: Continuations?
    ) {
        self.output = output
        self.meta = meta
        self.result = result
        self.continuations = continuations
    }

    /// `output` of the initial response.
    public struct Output: Sendable, Hashable, Codable {
        /// `outofband`: an object whose fields the documents do not give (empty in the samples).
        public var outOfBand: [String: JSONValue]?

        /// Creates the object.
        public init(outOfBand: [String: JSONValue]?) {
            self.outOfBand = outOfBand
        }

        enum CodingKeys: String, CodingKey {
            case outOfBand = "outofband"
        }
    }

    /// `continuations`: the next steps the provider offers.
    public struct Continuations: Sendable, Hashable, Codable {
        /// `outofband`: the continue step for the one-time code.
        public var outOfBand: OutOfBandContinuation?

        /// Creates the object.
        public init(outOfBand: OutOfBandContinuation?) {
            self.outOfBand = outOfBand
        }

        enum CodingKeys: String, CodingKey {
            case outOfBand = "outofband"
        }
    }

    /// `continuations.outofband`: where and what to send with the user's entry.
    public struct OutOfBandContinuation: Sendable, Hashable, Codable {
        /// `url`: the path of the continue request, e.g. `/process/continue`.
        public var url: String
        /// `template`: the continue request's body with `codematch.key` `null`.
        public var template: PhoneMatchContinueRequest
        /// `instructions`: text for the integrator.
        public var instructions: String?

        /// Creates the object.
        public init(url: String, template: PhoneMatchContinueRequest, instructions: String?) {
            self.url = url
            self.template = template
            self.instructions = instructions
        }
    }
}
