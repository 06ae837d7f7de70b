import AsyncHTTPClient
import DialtoneTestSupport
import Foundation
import Logging
import MetricsTestKit
import NIOPosix
import OTPProviders
import ProviderClients
import Testing

/// A `dialtone-server --sandbox` of the test's own (temporary SQLite file, free port), an
/// `HTTPClient`, captured logs and metrics: what each client test runs against.
struct Sandbox: Sendable {
    let server: ServerProcess
    let http: HTTPClient
    let logs: CapturingLogHandler
    let metrics: TestMetrics

    /// The sandbox accounts.
    static let phoneMatchUser = "sandbox"
    static let phoneMatchPass: Secret = Secret("sandbox")
    static let idenfy = IdenfyCredentials(apiKey: "sandbox", apiSecret: Secret("sandbox"))

    /// What a client call gave.
    static func result<T: Sendable>(_ body: () async throws -> T) async -> Result<T, ProviderClientError> {
        do {
            return .success(try await body())
        } catch let error as ProviderClientError {
            return .failure(error)
        } catch {
            Issue.record("not a ProviderClientError: \(error)")
            return .failure(.transport(reason: "not a ProviderClientError"))
        }
    }

    /// Starts everything, runs `body`, then stops the server and the client (whatever `body` did).
    static func with<T: Sendable>(
        configuration: ProviderClientConfiguration = Sandbox.fast,
        _ body: (Sandbox) async throws -> T
    ) async throws -> T {
        let server = try await ServerProcess(database: try ServerProcess.temporaryDatabase())
        let result = await Result { () async throws -> T in
            try await withHTTPClient(configuration.httpClientConfiguration()) { http in
                try await body(
                    Sandbox(server: server, http: http, logs: CapturingLogHandler(), metrics: TestMetrics()))
            }
        }
        server.kill()
        return try result.get()
    }

    /// Runs `body` with an `HTTPClient` on an event loop of its own (the process-wide singleton
    /// is loaded by other tests: a refused connection could wait there for seconds), then shuts
    /// both down.
    static func withHTTPClient<T: Sendable>(
        _ configuration: HTTPClient.Configuration, _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let http = HTTPClient(eventLoopGroup: group, configuration: configuration)
        let result = await Result { () async throws -> T in try await body(http) }
        try? await http.shutdown()
        try? await group.shutdownGracefully()
        return try result.get()
    }

    /// Short timeouts and backoff, so that faults are seen quickly.
    static let fast = ProviderClientConfiguration(
        timeouts: ProviderTimeouts(connect: .seconds(2), read: .seconds(5), total: .seconds(10)),
        retry: RetryPolicy(maximumAttempts: 3, baseDelay: .milliseconds(20), maximumDelay: .milliseconds(100))
    )

    /// `fast` with extra headers (a sandbox fault) and other timeouts.
    static func configuration(
        headers: [(name: String, value: String)] = [], timeouts: ProviderTimeouts? = nil
    ) -> ProviderClientConfiguration {
        var configuration = fast
        configuration.extraHeaders = headers
        if let timeouts { configuration.timeouts = timeouts }
        return configuration
    }

    /// A PhoneMatch client on this sandbox.
    func phoneMatch(_ configuration: ProviderClientConfiguration = Sandbox.fast) -> PhoneMatchClient {
        PhoneMatchClient(
            httpClient: http, baseURL: server.base, configuration: configuration, logger: logs.logger(),
            metricsFactory: metrics)
    }

    /// An iDenfy client on this sandbox.
    func idenfy(_ configuration: ProviderClientConfiguration = Sandbox.fast) -> IdenfyClient {
        IdenfyClient(
            httpClient: http, credentials: Sandbox.idenfy, baseURL: server.base, configuration: configuration,
            logger: logs.logger(), metricsFactory: metrics)
    }

    /// An initial request with the sandbox account.
    static func initial(phone: String, message: String? = nil) -> PhoneMatchInitialRequest {
        PhoneMatchInitialRequest(
            user: phoneMatchUser, password: phoneMatchPass, service: .sms, reference: "order-1",
            options: message.map { .init(outOfBand: .init(message: $0)) },
            target: .init(firstName: "Ada", lastName: "Lovelace", phone: phone))
    }

    /// How many HTTP exchanges the clients made for `operation`.
    func attempts(_ provider: String, _ operation: String) -> Int64 {
        metrics.counterTotal(
            label: "dialtone_client_attempts_total",
            dimensions: [("provider", provider), ("operation", operation)])
    }

    /// Finished calls of `operation` with `outcome`.
    func calls(_ provider: String, _ operation: String, outcome: String) -> Int64 {
        metrics.counterTotal(
            label: "dialtone_client_calls_total",
            dimensions: [("provider", provider), ("operation", operation), ("outcome", outcome)])
    }

    /// The journal's messages to `number`.
    func messages(to number: String) async throws -> [[String: Any]] { try await server.messages(to: number) }

    /// The code in the newest message to `number`.
    func code(to number: String) async throws -> String { try await server.code(to: number) }
}

/// A port on 127.0.0.1 that nothing listens on, held for as long as this value lives.
typealias ClosedPort = HeldLoopbackPort

extension Result where Failure == any Error {
    /// The value or the error of an async body.
    init(_ body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
