import Foundation
import Logging

extension ProviderTransport {
    /// Carries out `call` and decodes its answer as `Response`, repeating only where no message
    /// can have gone out; logs one line and records metrics for the whole call.
    ///
    /// - Parameters:
    ///   - outcome: the `outcome` metric value of a decoded answer (e.g. `pending`, `fail`).
    ///   - beforeRetry: for an idempotent call answered 502, 503 or 504, asked before repeating
    ///     (with the time left); an answer it gives ends the call (PhoneMatch continue reads the
    ///     status first).
    func run<Response: Decodable & Sendable>(
        _ call: ProviderCall, as type: Response.Type, outcome: (Response) -> String,
        beforeRetry: (@Sendable (Duration) async -> Response?)? = nil
    ) async throws(ProviderClientError) -> Response {
        let start = ContinuousClock.now
        let result = await attempts(call, as: type, beforeRetry: beforeRetry, start: start)
        let duration = start.duration(to: .now)
        var metadata: Logger.Metadata = [
            "provider": .string(call.provider), "operation": .string(call.operation),
            "path": .string(call.path), "attempts": .stringConvertible(result.attempts),
            "duration_ms": .stringConvertible(Int(duration / .milliseconds(1))),
        ]
        if let status = result.status { metadata["status"] = .stringConvertible(status) }
        switch result.value {
        case .success(let response):
            let label = outcome(response)
            metrics.recordCall(
                provider: call.provider, operation: call.operation, outcome: label, duration: duration)
            metadata["outcome"] = .string(label)
            logger.info("provider call answered", metadata: metadata)
            return response
        case .failure(let error):
            metrics.recordCall(
                provider: call.provider, operation: call.operation, outcome: error.identifier,
                duration: duration)
            metadata["outcome"] = .string(error.identifier)
            metadata["error"] = .string(error.description)
            if case .outcomeUnknown = error { metadata["may_have_sent"] = "true" }
            logger.warning("provider call failed", metadata: metadata)
            throw error
        }
    }

    /// What the attempts of one call came to.
    struct Attempts<Response: Sendable>: Sendable {
        var value: Result<Response, ProviderClientError>
        var attempts: Int
        var status: Int?
    }

    /// The attempt loop.
    func attempts<Response: Decodable & Sendable>(
        _ call: ProviderCall, as type: Response.Type, beforeRetry: (@Sendable (Duration) async -> Response?)?,
        start: ContinuousClock.Instant
    ) async -> Attempts<Response> {
        let deadline = start + configuration.timeouts.total
        let policy = configuration.retry
        var attempt = 0
        while true {
            attempt += 1
            if Task.isCancelled { return Attempts(value: .failure(.cancelled), attempts: attempt - 1) }
            metrics.recordAttempt(provider: call.provider, operation: call.operation)
            let outcome = await exchange(call, deadline: deadline)
            let retryReason: String
            let lastError: ProviderClientError
            var status: Int?
            switch outcome {
            case .answered(let code, let body):
                status = code
                if (200..<300).contains(code) {
                    return Attempts(
                        value: decode(type, status: code, body: body, call), attempts: attempt, status: code)
                }
                let failure = HTTPStatusFailure(
                    status: code, errorIdentifier: Redaction.errorIdentifier(body, secrets: call.secrets),
                    bodyExcerpt: Redaction.excerpt(body, secrets: call.secrets), attempts: attempt)
                let mayHaveActed = code >= 500 || code == 408
                guard call.kind == .idempotent, failure.isRetryable else {
                    let error = ProviderClientError.httpStatus(failure)
                    return Attempts(
                        value: .failure(call.kind == .paid && mayHaveActed ? .outcomeUnknown(error) : error),
                        attempts: attempt, status: code)
                }
                retryReason = "http_\(code)"
                lastError = .httpStatus(failure)
            case .notConnected(let reason, let retryable):
                lastError = .connectionFailed(attempts: attempt, reason: reason)
                guard retryable else { return Attempts(value: .failure(lastError), attempts: attempt) }
                retryReason = "connection_failed"
            case .failedAfterWrite(let reason):
                return Attempts(value: .failure(sent(.transport(reason: reason), call)), attempts: attempt)
            case .timedOut(let phase):
                return Attempts(value: .failure(sent(.timeout(phase), call)), attempts: attempt)
            case .cancelled:
                return Attempts(value: .failure(sent(.cancelled, call)), attempts: attempt)
            }
            // A repeat is allowed: is there an attempt and the time for it left?
            let delay = policy.delay(afterAttempt: attempt, jitter: Double.random(in: 0.5...1))
            guard attempt < policy.maximumAttempts, ContinuousClock.now + delay < deadline else {
                return Attempts(value: .failure(lastError), attempts: attempt, status: status)
            }
            logger.debug(
                "provider call repeated",
                metadata: [
                    "provider": .string(call.provider), "operation": .string(call.operation),
                    "reason": .string(retryReason), "attempt": .stringConvertible(attempt),
                    "delay_ms": .stringConvertible(Int(delay / .milliseconds(1))),
                ])
            metrics.recordRetry(provider: call.provider, operation: call.operation, reason: retryReason)
            do {
                try await Task.sleep(for: delay)
            } catch {
                return Attempts(value: .failure(.cancelled), attempts: attempt, status: status)
            }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if status != nil, remaining > .zero, let beforeRetry, let answer = await beforeRetry(remaining) {
                return Attempts(value: .success(answer), attempts: attempt, status: 200)
            }
        }
    }

    /// An error after the request may have been written: for a paid call, wrapped to say so.
    func sent(_ error: ProviderClientError, _ call: ProviderCall) -> ProviderClientError {
        call.kind == .paid ? .outcomeUnknown(error) : error
    }

    /// The 2xx body as `Response`, or why not (with the raw bytes).
    func decode<Response: Decodable>(
        _ type: Response.Type, status: Int, body: [UInt8], _ call: ProviderCall
    ) -> Result<Response, ProviderClientError> {
        do {
            return .success(try JSONDecoder().decode(type, from: Data(body)))
        } catch {
            let undecodable = ProviderClientError.undecodableResponse(
                UndecodableResponse(status: status, body: body, reason: Self.reason(error)))
            return .failure(sent(undecodable, call))
        }
    }

    /// A decoding error's kind and coding path, without any value from the body.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not JSON (malformed or truncated)" : "bad value at \(path(context))"
        case .keyNotFound(let key, let context):
            let prefix = context.codingPath.isEmpty ? "" : path(context) + "."
            return "missing \(prefix)\(key.stringValue)"
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "null at \(path(context))"
        @unknown default: return "not the expected JSON"
        }
    }
}
