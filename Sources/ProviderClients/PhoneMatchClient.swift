public import AsyncHTTPClient
import Foundation
public import Logging
public import Metrics
public import OTPProviders

/// Veratad PhoneMatch5.0 (SMS and Call) over the injected `HTTPClient`: the initial request,
/// the continue (OTP validation) request and the status URL.
///
/// Credentials travel in the body (`user`, `pass`), as the documents say. The initial request
/// sends a paid code, so it is never repeated once it may have reached the provider; continue and
/// status are repeated on 502, 503 and 504 (continue reads the status first, so a continue the
/// provider already took is not sent twice).
public struct PhoneMatchClient: Sendable {
    /// The production host of the Veratad documents.
    public static let productionBaseURL = "https://production.idresponse.com"

    /// Where requests go: ``productionBaseURL`` or a `dialtone-server`, e.g. the sandbox's
    /// `http://127.0.0.1:8080`.
    public let baseURL: String
    let transport: ProviderTransport

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - httpClient: the shared client (its lifetime is the caller's); build it with
    ///     ``ProviderClientConfiguration/httpClientConfiguration()`` for matching timeouts.
    ///   - baseURL: scheme and host, without a trailing slash.
    ///   - configuration: timeouts, repeats, extra headers.
    ///   - logger: where the clients log (never a password, code or token).
    ///   - metricsFactory: where metrics go; `nil` for the global `MetricsSystem`.
    public init(
        httpClient: HTTPClient, baseURL: String = PhoneMatchClient.productionBaseURL,
        configuration: ProviderClientConfiguration = ProviderClientConfiguration(),
        logger: Logger = Logger(label: "dialtone.provider-clients"),
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.transport = ProviderTransport(
            httpClient: httpClient, configuration: configuration, logger: logger,
            metrics: ProviderMetrics(factory: metricsFactory ?? MetricsSystem.factory))
    }

    /// Sends the initial request (`POST /process/comprehensive/gateway`): validates the number and
    /// sends the code. A `FAIL` answer (e.g. `DATA CHECK FAILED`) is returned, not thrown.
    ///
    /// - Parameters:
    ///   - request: the request, as built (normalize it first with `prepared()` if it is users'
    ///     input).
    ///   - preflight: whether to predict the answer first, and refuse a request predicted to fail.
    ///   - preflightOptions: how the prediction reads the number and measures the message.
    /// - Throws: ``ProviderClientError``; ``ProviderClientError/outcomeUnknown(_:)`` when the
    ///   request may have reached the provider.
    public func start(
        _ request: PhoneMatchInitialRequest, preflight: PreflightMode = .off,
        preflightOptions: PhoneMatchPreflightOptions = PhoneMatchPreflightOptions()
    ) async throws(ProviderClientError) -> PhoneMatchInitialOutcome {
        var report: PhoneMatchPreflightReport?
        if preflight != .off {
            let prediction = request.preflight(preflightOptions)
            report = prediction
            if !prediction.isWorthSending {
                if preflight == .refuse {
                    transport.logger.warning(
                        "provider call refused by pre-flight",
                        metadata: ["provider": "phonematch", "operation": "initial"])
                    transport.metrics.recordCall(
                        provider: "phonematch", operation: "initial", outcome: "preflight_refused",
                        duration: .zero)
                    throw .preflightRefused(prediction)
                }
                transport.logger.warning(
                    "pre-flight predicts FAIL; sending anyway",
                    metadata: ["provider": "phonematch", "operation": "initial"])
            }
        }
        let body = try ProviderCall.jsonBody(request)
        let call = ProviderCall(
            provider: "phonematch", operation: "initial", kind: .paid, method: "POST",
            url: baseURL + PhoneMatchInitialRequest.path, path: PhoneMatchInitialRequest.path, body: body,
            headers: [], secrets: [request.password.reveal()])
        let response = try await transport.run(call, as: PhoneMatchInitialResponse.self) {
            Self.outcome($0.result.action)
        }
        return PhoneMatchInitialOutcome(response: response, preflight: report)
    }

    /// Sends the continue request (`POST /process/continue`, or the path the initial answer
    /// gave): whether the user's entry matched. `FAIL` / `FAILED OUT-OF-BAND CHECK` is returned,
    /// not thrown. Build the request with `PhoneMatchInitialResponse.continueRequest(userEntry:)`.
    /// `path` is taken only when it is a path on ``baseURL`` (starts with `/`); anything else
    /// (an absolute URL) is ignored for the documented `/process/continue`.
    public func `continue`(
        _ request: PhoneMatchContinueRequest, path: String = PhoneMatchContinueRequest.path
    ) async throws(ProviderClientError) -> PhoneMatchContinueResponse {
        let path = path.hasPrefix("/") ? path : PhoneMatchContinueRequest.path
        let body = try ProviderCall.jsonBody(request)
        let call = ProviderCall(
            provider: "phonematch", operation: "continue", kind: .idempotent, method: "POST",
            url: baseURL + path, path: path, body: body, headers: [],
            secrets: [request.token, request.codeMatch.key?.reveal() ?? ""])
        let token = request.token
        return try await transport.run(
            call, as: PhoneMatchContinueResponse.self, outcome: { Self.outcome($0.result.action) },
            beforeRetry: { [self] remaining in
                // The provider may have taken the first continue: its final answer is then the
                // status, and a second continue would be a FAIL.
                try? await statusCall(token: token, using: transport.singleAttempt(within: remaining))
            })
    }

    /// Reads the final answer of a token whose continue has happened
    /// (`GET /process/status?token=`). A token that is unknown or still pending is
    /// ``ProviderClientError/httpStatus(_:)`` 404.
    public func status(token: String) async throws(ProviderClientError) -> PhoneMatchContinueResponse {
        try await statusCall(token: token, using: transport)
    }

    func statusCall(token: String, using transport: ProviderTransport) async throws(ProviderClientError)
        -> PhoneMatchContinueResponse
    {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "token", value: token)]
        let query = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B") ?? ""
        let call = ProviderCall(
            provider: "phonematch", operation: "status", kind: .idempotent, method: "GET",
            url: baseURL + "/process/status?" + query, path: "/process/status", body: nil, headers: [],
            secrets: [token])
        return try await transport.run(call, as: PhoneMatchContinueResponse.self) {
            Self.outcome($0.result.action)
        }
    }

    /// The `outcome` metric value of an answer: `pass`, `pending`, `fail`, or `unknown` for a value
    /// the documents do not list (kept out of the metric, whose values must stay few).
    static func outcome(_ action: PhoneMatchAction) -> String {
        switch action {
        case .pass: "pass"
        case .pending: "pending"
        case .fail: "fail"
        case .unknown: "unknown"
        }
    }
}
