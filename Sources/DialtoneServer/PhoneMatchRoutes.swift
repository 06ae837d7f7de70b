import Foundation
import Hummingbird
import OTPProviders
import Verification

/// `POST /process/comprehensive/gateway`, `POST /process/continue`, `GET /process/status`:
/// Veratad PhoneMatch5.0.SMS and .Call, as the documents describe them.
struct PhoneMatchRoutes: Sendable {
    let engine: VerificationEngine
    let accounts: Accounts

    /// The documents' text for a pending transaction.
    static let instructions =
        "A code has been delivered to the provided number.  Please resubmit the code to complete the transaction."

    func register(on router: Router<ServerContext>) {
        router.post(RouterPath(PhoneMatchInitialRequest.path)) { request, context in
            try await initial(request, context)
        }
        router.post("/process/continue") { request, context in try await continueRequest(request, context) }
        router.get("/process/status") { request, context in try await status(request, context) }
    }

    func meta(
        service: PhoneMatchService, reference: String?, company: String, user: String
    ) -> PhoneMatchMeta {
        PhoneMatchMeta(
            confirmation: Int.random(in: 10_000_000...99_999_999), reference: reference, service: service,
            timestamp: engine.clock.now().description, company: company, user: user)
    }

    func initial(_ request: Request, _ context: ServerContext) async throws -> Response {
        let body = try await RequestDecoding.decode(
            PhoneMatchInitialRequest.self, from: request, context: context)
        guard let company = accounts.phoneMatchCompany(user: body.user, pass: body.password.reveal()) else {
            throw APIError.unauthorized
        }
        // The number's quality is the ruleset's to answer (FAIL / DATA CHECK FAILED), not a 400.
        let settings = PhoneMatchNormalization(defaultRegion: engine.policy.phoneMatch.defaultRegion)
        let issues = body.validate(settings, plan: engine.plan).filter { issue in
            switch (issue.field, issue.rule) {
            case (.targetPhone, .phoneNumberInvalid), (.targetPhone, .phoneNumberUnreadable): false
            default: true
            }
        }
        if !issues.isEmpty { throw APIError.validation(ValidationFailure(issues: issues)) }
        let caller = VerificationEngine.Caller(
            account: body.user, clientAddress: context.clientAddress,
            idempotencyKey: request.headers[.idempotencyKey])
        let outcome: PhoneMatchStartOutcome
        do {
            outcome = try await engine.startPhoneMatch(body, caller: caller)
        } catch {
            throw APIError.engine(error)
        }
        let meta = meta(service: body.service, reference: body.reference, company: company, user: body.user)
        let response: PhoneMatchInitialResponse
        switch outcome {
        case .pending(let record):
            response = PhoneMatchInitialResponse(
                output: .init(outOfBand: [:]), meta: meta,
                result: PhoneMatchResult(action: .pending, detail: .transactionRequiresFurtherAttention),
                continuations: .init(
                    outOfBand: .init(
                        url: "/process/continue",
                        template: PhoneMatchContinueRequest(token: record.id, codeMatch: .init(key: nil)),
                        instructions: Self.instructions)))
        case .fail(let detail, _, _):
            response = PhoneMatchInitialResponse(
                output: .init(outOfBand: [:]), meta: meta,
                result: PhoneMatchResult(action: .fail, detail: detail),
                continuations: nil)
        }
        return try JSONResponse.make(response)
    }

    func continueRequest(_ request: Request, _ context: ServerContext) async throws -> Response {
        let body = try await RequestDecoding.decode(
            PhoneMatchContinueRequest.self, from: request, context: context)
        let issues = body.validate()
        if !issues.isEmpty { throw APIError.validation(ValidationFailure(issues: issues)) }
        let outcome: PhoneMatchContinueOutcome
        do {
            outcome = try await engine.continuePhoneMatch(
                token: body.token, entry: body.codeMatch.key ?? Secret(""))
        } catch {
            throw APIError.engine(error)
        }
        return try JSONResponse.make(
            continueResponse(token: body.token, outcome.verification, passed: outcome.passed))
    }

    func continueResponse(token: String, _ record: VerificationRecord?, passed: Bool)
        -> PhoneMatchContinueResponse
    {
        let service: PhoneMatchService = record?.flow == .phoneMatchCall ? .call : .sms
        let meta = meta(
            service: service, reference: record?.reference,
            company: record.map { accounts.phoneMatchCompany(user: $0.account) } ?? "",
            user: record?.account ?? "")
        return PhoneMatchContinueResponse(
            final: .init(template: .init(token: token), url: "/process/status"),
            meta: meta, output: .init(codeMatch: .init(keyMatched: passed)),
            result: passed
                ? PhoneMatchResult(action: .pass, detail: .allChecksPassed)
                : PhoneMatchResult(
                    action: .fail,
                    // A delivery report said the code never arrived.
                    detail: record?.state == .deliveryFailed ? .failedToSendToNumber : .failedOutOfBandCheck))
    }

    /// `GET /process/status?token=…`: the final answer for a token whose continue has happened
    /// (the same body the continue returned, with a new confirmation number and time); 404 for a
    /// token that is unknown or still pending.
    func status(_ request: Request, _ context: ServerContext) async throws -> Response {
        guard let token = request.uri.queryParameters["token"].map(String.init),
            (1...64).contains(token.count)
        else {
            throw APIError.validation([.init(field: "token", rule: "required", message: "token is required")])
        }
        let record: VerificationRecord?
        do {
            record = try await engine.store.verification(id: token)
        } catch {
            throw APIError.unavailable(error.identifier)
        }
        guard let record, record.flow != .idenfy, record.state.isFinal, record.state != .deliveryFailed,
            record.attempts > 0
        else {
            throw APIError(.notFound, "not_found", "No final result for this token.")
        }
        return try JSONResponse.make(
            continueResponse(token: token, record, passed: record.state == .approved))
    }
}

/// JSON responses with the content type set.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
