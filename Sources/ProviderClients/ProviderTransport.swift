import AsyncHTTPClient
import CoreMetrics
import Logging
import NIOCore
import NIOHTTP1

/// Carries out provider calls on the injected `HTTPClient`: one exchange at a time under a
/// watchdog for the read and total timeouts, repeated only as ``RetryPolicy`` allows.
struct ProviderTransport: Sendable {
    let httpClient: HTTPClient
    let configuration: ProviderClientConfiguration
    let logger: Logger
    let metrics: ProviderMetrics

    /// One exchange: the request, the answer's head and whole body, each step watched.
    func exchange(_ call: ProviderCall, deadline: ContinuousClock.Instant) async -> AttemptOutcome {
        let timeouts = configuration.timeouts
        // The first byte may take the connection's time plus the read timeout.
        let progress = ProgressMark(ContinuousClock.now + timeouts.connect)
        do {
            return try await withThrowingTaskGroup(of: AttemptOutcome.self) { group in
                group.addTask { await send(call, progress: progress, deadline: deadline) }
                group.addTask {
                    try await Self.watch(progress, read: timeouts.read, deadline: deadline)
                }
                let first = try await group.next() ?? .cancelled
                group.cancelAll()
                return first
            }
        } catch {
            return .cancelled
        }
    }

    /// Returns a timeout outcome when the exchange has been silent for `read` or `deadline` has
    /// passed; throws `CancellationError` when the exchange finished first.
    static func watch(
        _ progress: ProgressMark, read: Duration, deadline: ContinuousClock.Instant
    ) async throws -> AttemptOutcome {
        while true {
            let now = ContinuousClock.now
            if now >= deadline { return .timedOut(.total) }
            let idleLimit = progress.last + read
            if now >= idleLimit { return .timedOut(.read) }
            try await Task.sleep(until: min(deadline, idleLimit), clock: .continuous)
        }
    }

    /// Sends the request and reads the answer; every failure becomes an outcome.
    func send(_ call: ProviderCall, progress: ProgressMark, deadline: ContinuousClock.Instant) async
        -> AttemptOutcome
    {
        var request = HTTPClientRequest(url: call.url)
        request.method = HTTPMethod(rawValue: call.method)
        for header in configuration.extraHeaders {
            request.headers.add(name: header.name, value: header.value)
        }
        for header in call.headers { request.headers.replaceOrAdd(name: header.name, value: header.value) }
        if let body = call.body {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        request.headers.replaceOrAdd(name: "Accept", value: "application/json")
        let remaining = ContinuousClock.now.duration(to: deadline)
        do {
            // No logger: AsyncHTTPClient's own lines would show the URL, whose query may hold a
            // token.
            let response = try await httpClient.execute(
                request, deadline: .now() + ProviderClientConfiguration.timeAmount(remaining + .seconds(1)))
            progress.touch()
            var body: [UInt8] = []
            for try await chunk in response.body {
                progress.touch()
                if body.count + chunk.readableBytes > configuration.maximumBodyBytes {
                    return .failedAfterWrite(
                        reason: "the answer's body is larger than \(configuration.maximumBodyBytes) bytes")
                }
                body.append(contentsOf: chunk.readableBytesView)
            }
            return .answered(status: Int(response.status.code), body: body)
        } catch {
            return Self.classify(error)
        }
    }
}

extension ProviderTransport {
    /// The same transport with no automatic repeat and at most `total` for the call (for a
    /// look-up made between two attempts, within the call's own time).
    func singleAttempt(within total: Duration) -> ProviderTransport {
        var configuration = configuration
        configuration.retry = .never
        configuration.timeouts.total = min(total, configuration.timeouts.total)
        return ProviderTransport(
            httpClient: httpClient, configuration: configuration, logger: logger, metrics: metrics)
    }
}
