import Foundation
public import HTTPTypes
public import Hummingbird
import OTPProviders
import Verification

/// Every answer that is not a success: a status and a JSON body naming what was wrong, never the
/// value that was sent (so a code or a secret cannot come back in an error).
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// A stable snake_case name (`validation_failed`, `unauthorized`, …).
    public let error: String
    /// A sentence for people.
    public let message: String
    /// Field issues, for `validation_failed`.
    public let issues: [Issue]
    /// Seconds until a throttled request may be repeated.
    public let retryAfter: Int?
    /// The methods a path takes, for the `Allow` header of a 405.
    let allow: [HTTPRequest.Method]

    /// One field's problem: its JSON path and the rule it breaks.
    public struct Issue: Sendable, Codable, Hashable {
        /// JSON path of the field (`target.phone`, `codematch.key`).
        public let field: String
        /// The rule's identifier (`required`, `e164_format`, …).
        public let rule: String
        /// A sentence for people.
        public let message: String
    }

    init(
        _ status: HTTPResponse.Status, _ error: String, _ message: String, issues: [Issue] = [],
        retryAfter: Int? = nil, allow: [HTTPRequest.Method] = []
    ) {
        self.status = status
        self.error = error
        self.message = message
        self.issues = issues
        self.retryAfter = retryAfter
        self.allow = allow
    }

    /// The body's JSON shape.
    struct Body: Encodable {
        let error: String
        let message: String
        let issues: [Issue]?
        let retryAfter: Int?
        enum CodingKeys: String, CodingKey {
            case error, message, issues
            case retryAfter = "retry_after"
        }
    }

    /// The JSON response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if status == .unauthorized {
            headers[.wwwAuthenticate] = "Basic realm=\"dialtone\""
        }
        if !allow.isEmpty { headers[.allow] = allow.map(\.rawValue).joined(separator: ", ") }
        let body = Body(
            error: error, message: message, issues: issues.isEmpty ? nil : issues, retryAfter: retryAfter)
        let data = (try? JSONEncoder().encode(body)) ?? Data("{\"error\":\"\(error)\"}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: The answers

    static let unauthorized = APIError(.unauthorized, "unauthorized", "The credentials are missing or wrong.")
    static let notFound = APIError(.notFound, "not_found", "No such route.")
    static func methodNotAllowed(_ method: HTTPRequest.Method, allow: [HTTPRequest.Method]) -> APIError {
        APIError(
            .methodNotAllowed, "method_not_allowed", "This route does not take \(method.rawValue).",
            allow: allow)
    }
    static let bodyTooLarge = APIError(
        .contentTooLarge, "body_too_large",
        "The request body is larger than \(ServerContext.maximumBodyBytes) bytes.")
    static let unsupportedMediaType = APIError(
        .unsupportedMediaType, "unsupported_media_type", "The request body must be application/json.")
    static let idempotencyConflict = APIError(
        .conflict, "idempotency_conflict",
        "A request with this Idempotency-Key is still being carried out; repeat it shortly.")
    static func unavailable(_ identifier: String) -> APIError {
        APIError(.serviceUnavailable, identifier, "The store cannot be reached; try again later.")
    }

    static func validation(_ issues: [Issue]) -> APIError {
        APIError(
            .badRequest, "validation_failed", issues.map(\.message).joined(separator: "; "), issues: issues)
    }

    static func validation(_ failure: ValidationFailure) -> APIError {
        validation(
            failure.issues.map { Issue(field: $0.field.path, rule: $0.rule.identifier, message: $0.message) })
    }

    static func malformedJSON(_ detail: String) -> APIError {
        APIError(.badRequest, "malformed_json", "The body is not valid JSON: \(detail).")
    }

    /// The answer for an engine refusal.
    static func engine(_ error: VerificationError) -> APIError {
        switch error {
        case .throttled(let rule, let retryAfter):
            let seconds = retryAfter.map { max(1, Int(($0.wholeMilliseconds + 999) / 1000)) }
            return APIError(
                .tooManyRequests, "throttled", "Too many requests (\(rule.rawValue)).", retryAfter: seconds)
        case .invalidRequest(let failure):
            return validation(failure)
        case .invalidMessage(let problem):
            return validation([
                Issue(
                    field: "options.outofband.message", rule: problem.identifier,
                    message: problem == .missingPIN
                        ? "options.outofband.message must contain {pin}"
                        : "options.outofband.message is not a valid template")
            ])
        case .idempotencyConflict:
            return idempotencyConflict
        case .store(let storeError):
            return unavailable(storeError.identifier)
        case .configuration, .sealFailed:
            return APIError(.serviceUnavailable, error.identifier, "The server is not configured correctly.")
        }
    }
}

extension HTTPField.Name {
    // swift-format-ignore: NeverForceUnwrap
    // A constant, valid field name.
    static let retryAfter = HTTPField.Name("Retry-After")!
    // swift-format-ignore: NeverForceUnwrap
    // A constant, valid field name.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
