/// The response to iDenfy send-sms: the id to verify the code against.
public struct IdenfySendSMSResponse: Sendable, Hashable, Codable {
    /// `request_id`: needed by the verify-sms step.
    public var requestID: String

    /// Creates a response.
    public init(requestID: String) {
        self.requestID = requestID
    }

    /// The verify-sms request for the user's entry, folded by ``OTPEntry/normalize(_:)``.
    public func verifyRequest(userEntry: String) -> IdenfyVerifySMSRequest {
        IdenfyVerifySMSRequest(requestID: requestID, receivedCode: OTPEntry.normalizedSecret(userEntry))
    }

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id"
    }
}
