public import AsyncHTTPClient
import Foundation
public import Logging
public import Metrics
public import OTPProviders

/// iDenfy phone verification over the injected `HTTPClient`: send-sms and verify-sms, with HTTP
/// Basic authentication (API key and secret), as the document says.
///
/// send-sms sends a paid code, so it is never repeated once it may have reached the provider;
/// verify-sms is repeated on 502, 503 and 504.
public struct IdenfyClient: Sendable {
    /// The production host of the iDenfy document.
    public static let productionBaseURL = "https://ivs.idenfy.com"
    /// The path of send-sms.
    public static let sendSMSPath = "/fraud/send-sms"
    /// The path of verify-sms.
    public static let verifySMSPath = "/fraud/verify-sms"

    /// Where requests go: ``productionBaseURL`` or a `dialtone-server`, e.g. the sandbox's
    /// `http://127.0.0.1:8080`.
    public let baseURL: String
    let credentials: IdenfyCredentials
    let transport: ProviderTransport

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - httpClient: the shared client (its lifetime is the caller's); build it with
    ///     ``ProviderClientConfiguration/httpClientConfiguration()`` for matching timeouts.
    ///   - credentials: the API key and secret.
    ///   - baseURL: scheme and host, without a trailing slash.
    ///   - configuration: timeouts, repeats, extra headers.
    ///   - logger: where the clients log (never a secret, code or request id).
    ///   - metricsFactory: where metrics go; `nil` for the global `MetricsSystem`.
    public init(
        httpClient: HTTPClient, credentials: IdenfyCredentials,
        baseURL: String = IdenfyClient.productionBaseURL,
        configuration: ProviderClientConfiguration = ProviderClientConfiguration(),
        logger: Logger = Logger(label: "dialtone.provider-clients"),
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.credentials = credentials
        self.transport = ProviderTransport(
            httpClient: httpClient, configuration: configuration, logger: logger,
            metrics: ProviderMetrics(factory: metricsFactory ?? MetricsSystem.factory))
    }

    /// Sends the code by SMS (`POST /fraud/send-sms`).
    ///
    /// - Parameters:
    ///   - request: the request (normalize users' input first with `prepared()`).
    ///   - idempotencyKey: sent as `Idempotency-Key`; `dialtone-server` answers a repeat with the
    ///     same key with the first `request_id` and sends nothing, so a caller told
    ///     ``ProviderClientError/outcomeUnknown(_:)`` can repeat the call safely there (the iDenfy
    ///     document does not mention the header).
    ///   - preflight: whether to check the documented field rules first (E.164 number, sender name
    ///     of GSM-7 characters, at most 11 septets), and refuse a request that breaks them.
    /// - Throws: ``ProviderClientError``; ``ProviderClientError/outcomeUnknown(_:)`` when the
    ///   request may have reached the provider.
    public func sendSMS(
        _ request: IdenfySendSMSRequest, idempotencyKey: String? = nil, preflight: PreflightMode = .off
    ) async throws(ProviderClientError) -> IdenfySendOutcome {
        var issues: [ValidationIssue] = []
        if preflight != .off {
            issues = request.validate()
            if !issues.isEmpty {
                transport.logger.warning(
                    preflight == .refuse
                        ? "provider call refused by pre-flight"
                        : "pre-flight finds broken rules; sending anyway",
                    metadata: [
                        "provider": "idenfy", "operation": "send_sms",
                        "rules": .string(
                            issues.map { "\($0.field.path):\($0.rule.identifier)" }.joined(separator: ",")),
                    ])
                if preflight == .refuse {
                    transport.metrics.recordCall(
                        provider: "idenfy", operation: "send_sms", outcome: "invalid_request", duration: .zero
                    )
                    throw .invalidRequest(ValidationFailure(issues: issues))
                }
            }
        }
        var headers = try authorization()
        if let idempotencyKey { headers.append((name: "Idempotency-Key", value: idempotencyKey)) }
        let call = ProviderCall(
            provider: "idenfy", operation: "send_sms", kind: .paid, method: "POST",
            url: baseURL + Self.sendSMSPath, path: Self.sendSMSPath,
            body: try ProviderCall.jsonBody(request),
            headers: headers, secrets: secrets())
        let response = try await transport.run(call, as: IdenfySendSMSResponse.self) { _ in "sent" }
        return IdenfySendOutcome(response: response, preflightIssues: issues)
    }

    /// Checks the user's code (`POST /fraud/verify-sms`). `is_verified: false` is returned, not
    /// thrown. Build the request with `IdenfySendSMSResponse.verifyRequest(userEntry:)`.
    ///
    /// Repeated on 502, 503 and 504. iDenfy answers `true` once per code: when the provider took
    /// the first attempt before failing, the repeat answers `false`.
    public func verifySMS(_ request: IdenfyVerifySMSRequest) async throws(ProviderClientError)
        -> IdenfyVerifySMSResponse
    {
        let call = ProviderCall(
            provider: "idenfy", operation: "verify_sms", kind: .idempotent, method: "POST",
            url: baseURL + Self.verifySMSPath, path: Self.verifySMSPath,
            body: try ProviderCall.jsonBody(request),
            headers: try authorization(),
            secrets: secrets() + [request.requestID, request.receivedCode.reveal()])
        return try await transport.run(call, as: IdenfyVerifySMSResponse.self) {
            $0.isVerified ? "verified" : "not_verified"
        }
    }

    /// The `Authorization` header, or the credentials' issues.
    func authorization() throws(ProviderClientError) -> [(name: String, value: String)] {
        let issues = credentials.validate()
        guard issues.isEmpty else { throw .invalidRequest(ValidationFailure(issues: issues)) }
        return [(name: BasicAuthorization.headerName, value: credentials.authorization.value.reveal())]
    }

    /// The values no log or excerpt may show.
    func secrets() -> [String] {
        [credentials.apiSecret.reveal(), credentials.authorization.value.reveal()]
    }
}
