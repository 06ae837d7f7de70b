public import PostgresNIO

extension PostgresVerificationStore {
    /// The connection-pool options `dialtone-server` gives the store's client: postgres-nio's
    /// defaults (at most 20 connections, a keep-alive query on a connection idle for 30 s) with
    /// `minimumConnections` kept open.
    ///
    /// A connection below the minimum is never closed for being idle, so releasing it after a
    /// statement schedules no idle-timeout timer: postgres-nio otherwise starts and cancels one
    /// timer task per statement. With 8 kept open, a start+check pair from 8 concurrent tasks
    /// takes about 6 % less time (Benchmarks/verification/run.sh, docs/VERIFICATION.md). The
    /// keep-alive timer costs about as much again, but it is what finds a connection a firewall
    /// dropped while idle before a request does, so it stays on.
    public static func poolOptions(minimumConnections: Int = 8) -> PostgresClient.Configuration.Options {
        var options = PostgresClient.Configuration.Options()
        options.minimumConnections = max(0, min(minimumConnections, options.maximumConnections))
        return options
    }
}
