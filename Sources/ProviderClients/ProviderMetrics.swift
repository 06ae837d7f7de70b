import CoreMetrics

/// The clients' metrics, made by an injected factory (the global `MetricsSystem` when none):
///
/// - `dialtone_client_calls_total{provider, operation, outcome}`: finished calls; `outcome` is the
///   provider's answer (`pending`, `pass`, `fail`, `sent`, `verified`, `not_verified`) or the
///   error's ``ProviderClientError/identifier``.
/// - `dialtone_client_attempts_total{provider, operation}`: HTTP exchanges, repeats included.
/// - `dialtone_client_retries_total{provider, operation, reason}`: automatic repeats, by reason
///   (`connection_failed`, `http_502`, `http_503`, `http_504`).
/// - `dialtone_client_call_duration_seconds{provider, operation}`: whole calls, repeats included.
struct ProviderMetrics: Sendable {
    let factory: any MetricsFactory

    /// Counts a finished call and records its duration.
    func recordCall(provider: String, operation: String, outcome: String, duration: Duration) {
        Counter(
            label: "dialtone_client_calls_total",
            dimensions: [("provider", provider), ("operation", operation), ("outcome", outcome)],
            factory: factory
        ).increment()
        let (seconds, attoseconds) = duration.components
        Timer(
            label: "dialtone_client_call_duration_seconds",
            dimensions: [("provider", provider), ("operation", operation)], preferredDisplayUnit: .seconds,
            factory: factory
        ).recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Counts one HTTP exchange.
    func recordAttempt(provider: String, operation: String) {
        Counter(
            label: "dialtone_client_attempts_total",
            dimensions: [("provider", provider), ("operation", operation)], factory: factory
        ).increment()
    }

    /// Counts one automatic repeat.
    func recordRetry(provider: String, operation: String, reason: String) {
        Counter(
            label: "dialtone_client_retries_total",
            dimensions: [("provider", provider), ("operation", operation), ("reason", reason)],
            factory: factory
        ).increment()
    }
}
