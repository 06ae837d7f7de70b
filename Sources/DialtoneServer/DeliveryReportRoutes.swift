import Delivery
import Hummingbird
import Logging
import Verification

/// `GET /delivery/kannel/report`: Kannel's delivery reports (the signed `dlr-url` the Kannel
/// channel hands out). A delivered or failed report goes to the engine (a failed one ends a
/// pending PhoneMatch flow); queued and SMSC-accepted reports are acknowledged and ignored.
struct DeliveryReportRoutes: Sendable {
    static let kannelPath = "/delivery/kannel/report"

    let engine: VerificationEngine
    let signer: DeliveryReportSigner
    let ordering: DeliveryReportOrdering
    let logger: Logger

    func register(on router: Router<ServerContext>) {
        router.get(RouterPath(Self.kannelPath)) { request, _ in try await kannel(request) }
    }

    func kannel(_ request: Request) async throws -> Response {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let report: KannelDeliveryReport
        do throws(KannelReportError) {
            report = try KannelDeliveryReport(query: query, signer: signer)
        } catch .badSignature {
            throw APIError(
                .forbidden, "bad_signature", "This delivery report URL was not issued by this server.")
        } catch {
            throw APIError(.badRequest, error.identifier, "The delivery report is malformed.")
        }
        if let status = report.status {
            // Kannel may report before its `sendsms` answer has reached the engine.
            _ = await ordering.waitUntilSent(
                verificationID: report.verificationID, kind: report.kind, timeout: .seconds(2))
            do {
                try await engine.recordDeliveryReport(
                    verificationID: report.verificationID, kind: report.kind, status: status,
                    reason: report.reason)
            } catch {
                throw APIError.engine(error)
            }
            logger.info(
                "delivery report",
                metadata: [
                    "message": .string(LogReference.of(report.messageID)),
                    "type": .stringConvertible(report.type),
                    "status": .string(status.rawValue),
                ])
        }
        return try JSONResponse.make(["status": "ok"])
    }
}
