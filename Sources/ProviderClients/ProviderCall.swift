import Foundation
import OTPProviders

/// One provider operation as the transport carries it out.
struct ProviderCall: Sendable {
    /// Whether repeating the call can cost or change anything.
    enum Kind: Sendable {
        /// Sends a code (PhoneMatch initial request, iDenfy send-sms): never repeated once it may
        /// have reached the provider.
        case paid
        /// Verify and status: repeated on 502, 503 and 504.
        case idempotent
    }

    /// `phonematch` or `idenfy` (the `provider` metric dimension and log field).
    let provider: String
    /// `initial`, `continue`, `status`, `send_sms` or `verify_sms`.
    let operation: String
    let kind: Kind
    /// `GET` or `POST`.
    let method: String
    /// The full URL (it may hold a token in its query: never logged).
    let url: String
    /// The path alone, for logs.
    let path: String
    /// The JSON body (holds credentials or codes: never logged).
    let body: [UInt8]?
    /// Request headers (may hold credentials: never logged).
    let headers: [(name: String, value: String)]
    /// Values to hide wherever answer text is shown: passwords, secrets, codes, tokens.
    let secrets: [String]

    /// The JSON body of a request. The models encode strings, booleans and arrays only, so this
    /// does not fail in practice; if it did, nothing would have been sent.
    static func jsonBody(_ value: some Encodable) throws(ProviderClientError) -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw .invalidRequest(ValidationFailure(issues: []))
        }
    }
}
