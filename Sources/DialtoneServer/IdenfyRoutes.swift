import Hummingbird
import OTPProviders
import Verification

/// `POST /fraud/send-sms` and `POST /fraud/verify-sms`: iDenfy phone verification, HTTP Basic with
/// the API key and secret.
struct IdenfyRoutes: Sendable {
    let engine: VerificationEngine
    let accounts: Accounts

    func register(on router: Router<ServerContext>) {
        router.post("/fraud/send-sms") { request, context in try await send(request, context) }
        router.post("/fraud/verify-sms") { request, context in try await verify(request, context) }
    }

    func authenticate(_ request: Request) throws -> String {
        guard let account = accounts.idenfyAccount(authorization: request.headers[.authorization]) else {
            throw APIError.unauthorized
        }
        return account
    }

    func send(_ request: Request, _ context: ServerContext) async throws -> Response {
        let account = try authenticate(request)
        let body = try await RequestDecoding.decode(
            IdenfySendSMSRequest.self, from: request, context: context)
        let record: VerificationRecord
        do {
            record = try await engine.sendIdenfySMS(
                body,
                caller: .init(
                    account: account, clientAddress: context.clientAddress,
                    idempotencyKey: request.headers[.idempotencyKey]))
        } catch {
            throw APIError.engine(error)
        }
        return try JSONResponse.make(IdenfySendSMSResponse(requestID: record.id))
    }

    func verify(_ request: Request, _ context: ServerContext) async throws -> Response {
        _ = try authenticate(request)
        let body = try await RequestDecoding.decode(
            IdenfyVerifySMSRequest.self, from: request, context: context)
        let prepared: IdenfyVerifySMSRequest
        do {
            prepared = try body.prepared()
        } catch {
            throw APIError.validation(error)
        }
        let verified: Bool
        do {
            verified = try await engine.verifyIdenfySMS(
                requestID: prepared.requestID, code: prepared.receivedCode)
        } catch {
            throw APIError.engine(error)
        }
        return try JSONResponse.make(IdenfyVerifySMSResponse(isVerified: verified))
    }
}
