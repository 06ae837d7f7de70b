public import PostgresNIO
public import Verification

/// A `Verification.VerificationStore` in PostgreSQL, for several engine instances that share one
/// database.
///
/// Every deciding method is one statement (a conditional `UPDATE … RETURNING`, an
/// `INSERT … ON CONFLICT … RETURNING`) or one transaction, so two instances never both win a race:
/// one correct entry approves, attempt counts are exact, a due step is leased to one worker at a
/// time and a rate limit is never exceeded. The semantics are those of
/// `Verification.InMemoryVerificationStore`, which is the reference.
///
/// ## Lifecycle
///
/// The store talks to the database through a `PostgresClient` (postgres-nio's connection pool),
/// and a client works only while its `run()` method runs in a task. Either:
///
/// - let the store own its client for the span of a closure; the client starts before the closure,
///   the schema is migrated, and the client stops (its connections are closed) when the closure
///   returns or throws:
///
///   ```swift
///   try await PostgresVerificationStore.withStore(configuration: config) { store in
///       let engine = VerificationEngine(store: store, channel: channel, clock: clock, keys: keys)
///       try await server.run(engine)
///   }
///   ```
///
/// - or hand it a client that the application runs itself (in a task, or in a swift-service-lifecycle
///   `ServiceGroup`, since `PostgresClient` is a `Service`), and call ``migrate()`` once at start-up:
///
///   ```swift
///   let client = PostgresClient(configuration: config)
///   let store = PostgresVerificationStore(client: client)
///   async let running: Void = client.run()
///   try await store.migrate()
///   ```
///
/// Cancelling the task that runs the client stops the store: later calls throw
/// `Verification.VerificationStoreError.unavailable(_:)`.
///
/// Errors never carry bound values (codes, digests, identifiers): only the operation, the
/// SQLSTATE and schema names.
public final class PostgresVerificationStore: VerificationStore {
    /// The connection pool the store uses. It must be running (`run()`) for the store to work.
    public let client: PostgresClient
    let logger: Logger

    /// Creates a store on `client`, which the caller runs (`client.run()` in a long-lived task) and
    /// stops. Call ``migrate()`` before the first use.
    public init(client: PostgresClient, logger: Logger = PostgresVerificationStore.defaultLogger) {
        self.client = client
        self.logger = logger
    }

    /// The logger used when none is given (`dialtone.verification.postgres`, the process's
    /// swift-log handler). postgres-nio logs queries at `debug` and `trace` only, without their values.
    public static let defaultLogger = Logger(label: "dialtone.verification.postgres")

    /// Runs `body` with a store on a new client for `configuration`: the client runs for the
    /// duration of `body`, the schema is migrated first (unless `migrate` is false), and the client
    /// is stopped, its connections closed, when `body` returns or throws.
    ///
    /// Errors from the store are `Verification.VerificationStoreError`; errors `body` throws are
    /// passed on unchanged.
    public static func withStore<Result: Sendable>(
        configuration: PostgresClient.Configuration, migrate: Bool = true,
        logger: Logger = PostgresVerificationStore.defaultLogger,
        _ body: (PostgresVerificationStore) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let store = PostgresVerificationStore(client: client, logger: logger)
            if migrate { try await store.migrate() }
            return try await body(store)
        }
    }

    /// Runs `body`, turning every error it throws into a ``Verification/VerificationStoreError``
    /// named after `operation`.
    func perform<T>(
        _ operation: String, _ body: () async throws -> T
    ) async throws(VerificationStoreError) -> T {
        do {
            return try await body()
        } catch {
            throw StoreErrors.map(error, operation: operation)
        }
    }
}
