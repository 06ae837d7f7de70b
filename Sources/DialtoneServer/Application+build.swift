import Delivery
import Foundation
public import Hummingbird
public import Logging
import Metrics
import PostgresNIO
import Prometheus
public import ServiceLifecycle
public import Verification
import VerificationPostgres
import VerificationSQLite

/// Builds the server: store, engine, routes and background worker, as configured.
///
/// `onRunning` is told the bound port once the server listens (useful with port 0).
public func buildApplication(
    _ configuration: ServerConfiguration, logger: Logger = Logger(label: "dialtone-server"),
    onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var checked = configuration
    try checked.check()
    let configuration = checked
    let parts = try await ServerParts.make(configuration, logger: logger)
    let router = parts.router()
    let worker = EngineWorker(
        engine: parts.engine, stepInterval: configuration.stepInterval,
        purgeInterval: configuration.purgeInterval, logger: logger)
    var app = Application(
        router: router,
        // A connection that sends nothing for 30 s is closed, so slow or stalled clients cannot hold
        // connections open.
        server: .http1(configuration: .init(idleTimeout: .seconds(30))),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "dialtone"),
        services: parts.services + [worker],
        onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
    // A PostgreSQL store's schema is brought up to date once its client runs, before the server
    // accepts requests (SQLite's is, when the file is opened).
    let store = parts.engine.store
    app.beforeServerStarts { try await store.migrate() }
    return app
}

/// The pieces an application is made of, separated from the network so that tests can drive the
/// router directly.
public struct ServerParts: Sendable {
    /// The engine the routes drive.
    public let engine: VerificationEngine
    /// The sandbox's virtual clock (nil in production).
    public let sandboxClock: VirtualClock?
    /// The sandbox's journal (nil in production).
    public let journal: (any MessageJournal)?
    /// The sandbox's recent engine events, for the inbox page's timelines (nil in production).
    public let eventLog: SandboxEventLog?
    /// Services the store and the channels need running (the PostgreSQL client's connection
    /// pool, the delivery HTTP client's shutdown).
    public let services: [any Service]
    /// Checks Kannel's delivery-report URLs (nil in the sandbox).
    var reportSigner: DeliveryReportSigner? = nil
    /// Holds a delivery report until the engine has recorded the send it reports on.
    var reportOrdering: DeliveryReportOrdering? = nil
    let accounts: Accounts
    let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    let logger: Logger

    /// Opens the store and assembles the engine for `configuration` (already checked).
    public static func make(_ configuration: ServerConfiguration, logger: Logger) async throws -> ServerParts
    {
        let (store, services) = try await openStore(configuration.database, logger: logger)
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        let keys = try VerificationKeys(secret: configuration.secret ?? [])
        let accounts = Accounts(
            phoneMatch: configuration.phoneMatchAccounts, idenfy: configuration.idenfyAccounts,
            defaultCompany: configuration.company)
        let observer = MetricsObserver(factory: factory)
        if configuration.sandbox {
            guard let journal = store as? any MessageJournal else {
                throw ServerConfiguration.Problem.badValue(
                    key: "--database", reason: "this store keeps no sandbox journal")
            }
            let clock = VirtualClock(start: SystemVerificationClock().now())
            let eventLog = SandboxEventLog()
            let engine = VerificationEngine(
                store: store, channel: SandboxChannel(journal: journal), clock: clock, keys: keys,
                policy: configuration.policy, observer: ObserverFanOut([observer, eventLog]),
                codes: .sandbox(fixedCodePrefixes: [SandboxChannel.fixedCodePrefix]))
            return ServerParts(
                engine: engine, sandboxClock: clock, journal: journal, eventLog: eventLog, services: services,
                accounts: accounts, registry: registry, factory: factory, logger: logger)
        }
        // The delivery state lives in the server's own store (memory: this process's memory).
        let delivery = DeliverySetup.make(
            configuration, state: store as? any DeliveryStateStore ?? InMemoryDeliveryStateStore(),
            logger: logger)
        var observers: [any VerificationObserver] = [observer]
        if let events = delivery.eventObserver { observers.append(events) }
        // After the event webhooks: once it has seen `sent`, that event is queued.
        observers.append(delivery.reportOrdering)
        let engine = VerificationEngine(
            store: store, channel: delivery.channel, clock: SystemVerificationClock(), keys: keys,
            policy: configuration.policy, observer: ObserverFanOut(observers))
        return ServerParts(
            engine: engine, sandboxClock: nil, journal: nil, eventLog: nil,
            services: services + delivery.services,
            reportSigner: delivery.reportSigner, reportOrdering: delivery.reportOrdering, accounts: accounts,
            registry: registry, factory: factory,
            logger: logger)
    }

    /// A SQLite file path, a `postgres://user:password@host:port/database` URL (its client is
    /// returned as a service to run; TLS is not used, so keep PostgreSQL on a private network), or
    /// `memory`.
    static func openStore(
        _ database: String, logger: Logger
    ) async throws -> (any VerificationStore, [any Service]) {
        if database == "memory" {
            logger.warning("the store is this process's memory: a restart loses every verification")
            return (InMemoryVerificationStore(), [])
        }
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            guard let url = URL(string: database), let host = url.host, let user = url.user else {
                throw ServerConfiguration.Problem.badValue(
                    key: "--database",
                    reason: "a PostgreSQL URL needs a user and a host: postgres://user@host:5432/db")
            }
            let name = url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            var configuration = PostgresClient.Configuration(
                host: host, port: url.port ?? 5432, username: user, password: url.password,
                database: name.isEmpty ? nil : name, tls: .disable)
            configuration.options = PostgresVerificationStore.poolOptions()
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            return (PostgresVerificationStore(client: client, logger: logger), [client])
        }
        return (try await SQLiteVerificationStore.open(path: database), [])
    }

    /// These parts without the sandbox's clock, journal and event log: the sandbox's engine behind
    /// production's routes, so that router tests can check what production does not serve without
    /// configuring a delivery channel.
    func withoutSandbox() -> ServerParts {
        ServerParts(
            engine: engine, sandboxClock: nil, journal: nil, eventLog: nil, services: services,
            accounts: accounts, registry: registry, factory: factory, logger: logger)
    }

    /// Every route, behind the error, logging and (sandbox) fault-injection middleware.
    public func router() -> Router<ServerContext> {
        // The routes' methods by path, for the 405 answers: read from a router holding the routes.
        let table = Router(context: ServerContext.self)
        addRoutes(to: table)
        let methodsByPath = Dictionary(grouping: table.routes, by: { $0.path.description })
            .mapValues { $0.map(\.method).sorted { $0.rawValue < $1.rawValue } }
        let router = Router(context: ServerContext.self)
        router.add(middleware: ErrorMiddleware(logger: logger, methodsByPath: methodsByPath))
        router.add(middleware: RequestLogMiddleware(logger: logger, factory: factory))
        if sandboxClock != nil { router.add(middleware: FaultInjectionMiddleware()) }
        addRoutes(to: router)
        return router
    }

    /// Registers every route on `router`.
    func addRoutes(to router: Router<ServerContext>) {
        PhoneMatchRoutes(engine: engine, accounts: accounts).register(on: router)
        IdenfyRoutes(engine: engine, accounts: accounts).register(on: router)
        if let reportSigner, let reportOrdering {
            DeliveryReportRoutes(
                engine: engine, signer: reportSigner, ordering: reportOrdering, logger: logger
            )
            .register(on: router)
        }
        if let sandboxClock, let journal {
            SandboxRoutes(engine: engine, journal: journal, clock: sandboxClock, eventLog: eventLog)
                .register(on: router)
        }
        let engine = engine
        let registry = registry
        router.get("/healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("/readyz") { _, _ in
            do {
                _ = try await engine.store.verification(id: "readyz")
                return try JSONResponse.make(["status": "ready"])
            } catch {
                throw APIError.unavailable(
                    (error as? VerificationStoreError)?.identifier ?? "store_unavailable")
            }
        }
        router.get("/metrics") { _, _ in
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}

/// The engine's background work until shutdown:
/// - its due steps (the iDenfy calls, expiries) every `stepInterval`; after a restart, pending
///   steps are simply found due and run;
/// - a purge of the store every `purgeInterval` (`VerificationEngine.purge()`), so that a server
///   that runs for months keeps only its recent verifications, rate-limit windows and idempotency
///   keys, whichever store it is on. The engine's clock decides what is old: in the sandbox, the
///   virtual clock.
struct EngineWorker: Service {
    let engine: VerificationEngine
    let stepInterval: Duration
    let purgeInterval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    await engine.runSteps(every: stepInterval) { error in
                        logger.error("due steps failed", metadata: ["error": .string(error.identifier)])
                    }
                }
                group.addTask { await purge() }
            }
        }
    }

    private func purge() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: purgeInterval)
            do throws(VerificationError) {
                let removed = try await engine.purge()
                logger.debug("store purged", metadata: ["rows": "\(removed)"])
            } catch {
                logger.error("store purge failed", metadata: ["error": .string(error.identifier)])
            }
        }
    }
}
