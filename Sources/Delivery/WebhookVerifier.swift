/// Checks a webhook on the receiving side: the `Dialtone-Signature` header (see
/// ``WebhookSigner``) must carry a timestamp within ``tolerance`` of the receiver's clock and a
/// `v1` signature of that timestamp and the body as received. Several `v1=` entries are allowed
/// (during a secret rotation); one match is enough.
///
/// ```swift
/// let verifier = WebhookVerifier(secret: secretBytes)
/// try verifier.verify(body: bodyBytes, header: request.headers["Dialtone-Signature"], now: unixSeconds)
/// ```
/// Then de-duplicate on the body's `event_id`: delivery is at least once.
public struct WebhookVerifier: Sendable {
    /// How far the header's timestamp may be from `now`, either way.
    public let tolerance: Duration
    private let signer: WebhookSigner

    /// A verifier with the shared webhook secret; five minutes' tolerance by default.
    public init(secret: [UInt8], tolerance: Duration = .seconds(300)) {
        self.signer = WebhookSigner(secret: secret)
        self.tolerance = tolerance
    }

    /// Throws unless `header` signs `body` within the tolerance of `now` (Unix seconds).
    public func verify(body: [UInt8], header: String?, now: Int64) throws(WebhookVerificationError) {
        guard let header, !header.isEmpty else { throw .missingHeader }
        var timestamp: Int64?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { Self.trimmed($0) }
            guard pair.count == 2 else { throw .malformedHeader }
            switch pair[0] {
            case "t": timestamp = Int64(pair[1])
            case "v1": signatures.append(pair[1].lowercased())
            default: continue
            }
        }
        guard let timestamp, !signatures.isEmpty else { throw .malformedHeader }
        guard abs(now - timestamp) <= tolerance.components.seconds else { throw .timestampOutOfTolerance }
        let expected = Array(signer.signature(body: body, timestamp: timestamp).utf8)
        for signature in signatures where Self.constantTimeEqual(Array(signature.utf8), expected) {
            return
        }
        throw .badSignature
    }

    static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// Why a webhook failed verification.
public enum WebhookVerificationError: Error, Sendable, Hashable {
    /// No `Dialtone-Signature` header.
    case missingHeader
    /// The header is not `t=…,v1=…`.
    case malformedHeader
    /// The timestamp is too far from the receiver's clock (a replay, or a clock off).
    case timestampOutOfTolerance
    /// No signature matches the body.
    case badSignature

    /// A stable snake_case name.
    public var identifier: String {
        switch self {
        case .missingHeader: "missing_header"
        case .malformedHeader: "malformed_header"
        case .timestampOutOfTolerance: "timestamp_out_of_tolerance"
        case .badSignature: "bad_signature"
        }
    }
}
