/// iDenfy phone verification, step 2: check the user's code
/// (`POST https://ivs.idenfy.com/fraud/verify-sms`).
public struct IdenfyVerifySMSRequest: Sendable, Hashable, Codable {
    /// The endpoint.
    public static let url = "https://ivs.idenfy.com/fraud/verify-sms"
    /// The fewest characters `request_id` may have.
    public static let minimumRequestIDLength = 32
    /// The most characters `request_id` may have.
    public static let maximumRequestIDLength = 40
    /// The length of `received_code`.
    public static let codeLength = 4

    /// `request_id` (required, 32 to 40 characters): from the send-sms response.
    public var requestID: String
    /// `received_code` (required, exactly 4 digits): the user's entry; redacted everywhere but
    /// the JSON body.
    public var receivedCode: Secret

    /// Creates a request.
    public init(requestID: String, receivedCode: Secret) {
        self.requestID = requestID
        self.receivedCode = receivedCode
    }

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id"
        case receivedCode = "received_code"
    }
}
