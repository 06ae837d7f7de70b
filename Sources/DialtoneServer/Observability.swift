import CoreMetrics
import Foundation
import Hummingbird
import Logging
import Prometheus
import Verification

/// Turns engine events into Prometheus metrics: verifications by provider, channel, country and
/// outcome, and throttles by rule. Metrics come from the factory passed in (no global bootstrap).
struct MetricsObserver: VerificationObserver {
    let factory: any MetricsFactory

    func record(_ event: VerificationEvent) async {
        var dimensions = [("provider", event.flow.provider), ("country", event.region ?? "unknown")]
        switch event.kind {
        case .throttled(let rule, let enforced):
            Counter(
                label: "dialtone_throttles_total",
                dimensions: [
                    ("provider", event.flow.provider), ("rule", rule.rawValue), ("enforced", "\(enforced)"),
                ],
                factory: factory
            ).increment()
            return
        case .sent(let kind), .delivered(let kind):
            dimensions.append(("channel", kind.rawValue))
        case .deliveryFailed(let kind, _):
            dimensions.append(("channel", kind.rawValue))
        default:
            dimensions.append(("channel", "none"))
        }
        let outcome: String
        switch event.kind {
        case .rejected(let reason): outcome = "rejected_\(reason.rawValue)"
        default: outcome = event.kind.identifier
        }
        dimensions.append(("outcome", outcome))
        Counter(label: "dialtone_verification_events_total", dimensions: dimensions, factory: factory)
            .increment()
    }
}

/// Logs one line per request (method, path without its query, status, time) and records the
/// request-latency histogram. It never logs a body, a query string or a header.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let logger: Logger
    let factory: any MetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws
        -> Response
    {
        let start = ContinuousClock.now
        let route = context.endpointPath ?? "unmatched"
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            Timer(
                label: "dialtone_http_request_duration_seconds",
                dimensions: [
                    ("method", request.method.rawValue), ("route", route), ("status", String(status)),
                ],
                preferredDisplayUnit: .seconds, factory: factory
            ).recordNanoseconds(
                elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
            logger.info(
                "request",
                metadata: [
                    "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                    "status": .stringConvertible(status),
                    "ms": .stringConvertible(
                        elapsed.components.attoseconds / 1_000_000_000_000_000 + elapsed.components.seconds
                            * 1000),
                ])
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}
