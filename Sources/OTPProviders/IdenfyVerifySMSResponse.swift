/// The response to iDenfy verify-sms.
public struct IdenfyVerifySMSResponse: Sendable, Hashable, Codable {
    /// `is_verified`: `true` when the code was valid; `false` when it was invalid, already used,
    /// or wrong too many times.
    public var isVerified: Bool

    /// Creates a response.
    public init(isVerified: Bool) {
        self.isVerified = isVerified
    }

    enum CodingKeys: String, CodingKey {
        case isVerified = "is_verified"
    }
}
