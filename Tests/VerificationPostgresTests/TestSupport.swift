import PostgresNIO
import Synchronization
import Testing
import Verification
import VerificationPostgres

/// The moment the tests start from (2026-01-01T00:00:00Z, the ``VirtualClock`` default).
let t0 = Timestamp(seconds: 1_767_225_600)

/// `t0` moved by `seconds`.
func at(_ seconds: Double) -> Timestamp {
    Timestamp(milliseconds: t0.milliseconds + Int64((seconds * 1000).rounded()))
}

/// Runs `body` with `count` stores, each on its own running `PostgresClient` (as separate engine
/// instances would be), all on one new migrated database.
func withStores<Result: Sendable>(
    _ count: Int = 1, _ body: ([PostgresVerificationStore]) async throws -> Result
) async throws -> Result {
    try await PostgresServer.withDatabase { configuration in
        try await nestStores(count, configuration, [], body)
    }
}

/// Runs `body` with one store on a new migrated database.
func withStore<Result: Sendable>(_ body: (PostgresVerificationStore) async throws -> Result) async throws
    -> Result
{
    try await withStores(1) { try await body($0[0]) }
}

private func nestStores<Result: Sendable>(
    _ count: Int, _ configuration: PostgresClient.Configuration, _ stores: [PostgresVerificationStore],
    _ body: ([PostgresVerificationStore]) async throws -> Result
) async throws -> Result {
    if stores.count == count { return try await body(stores) }
    return try await PostgresVerificationStore.withStore(configuration: configuration, logger: quietLogger) {
        store in
        try await nestStores(count, configuration, stores + [store], body)
    }
}

/// A logger for the tests' clients: postgres-nio reports at `info` the connections a stopping pool
/// abandons, which is noise here.
let quietLogger: Logger = {
    var logger = Logger(label: "dialtone.verification.postgres.tests")
    logger.logLevel = .error
    return logger
}()

/// A verification record with the tests' defaults.
func makeRecord(
    _ id: String, flow: VerificationFlow = .idenfy, state: VerificationState = .pending, attempts: Int = 0,
    maxAttempts: Int = 5, generation: Int = 1, createdAt: Timestamp = t0, expiresAt: Timestamp = at(300),
    finishedAt: Timestamp? = nil, reference: String? = nil, digest: [UInt8]? = nil
) -> VerificationRecord {
    VerificationRecord(
        id: id, flow: flow, account: "account-1", phoneNumber: "+12015550123", region: "US",
        reference: reference,
        state: state, codeDigest: digest ?? Array(id.utf8) + [0, 1, 2, 255], codeGeneration: generation,
        attempts: attempts, maxAttempts: maxAttempts, createdAt: createdAt, expiresAt: expiresAt,
        finishedAt: finishedAt)
}

/// Runs `operation` on the in-memory store and on the Postgres store, expects the same answer from
/// both and returns it.
@discardableResult
func parity<T: Equatable & Sendable>(
    _ memory: InMemoryVerificationStore, _ postgres: PostgresVerificationStore,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ operation: (any VerificationStore) async throws -> T
) async throws -> T {
    let expected = try await operation(memory)
    let actual = try await operation(postgres)
    #expect(actual == expected, sourceLocation: sourceLocation)
    return actual
}

/// Runs `operation` on the in-memory store, then on the Postgres store.
func parity(
    _ memory: InMemoryVerificationStore, _ postgres: PostgresVerificationStore,
    _ operation: (any VerificationStore) async throws -> Void
) async throws {
    try await operation(memory)
    try await operation(postgres)
}

/// Runs `count` copies of `operation` at once, the `i`-th on `stores[i % stores.count]`, and returns
/// their answers.
func concurrently<T: Sendable>(
    _ count: Int, on stores: [PostgresVerificationStore],
    _ operation: @escaping @Sendable (PostgresVerificationStore, Int) async throws -> T
) async throws -> [T] {
    try await withThrowingTaskGroup(of: T.self) { group in
        for index in 0..<count {
            let store = stores[index % stores.count]
            group.addTask { try await operation(store, index) }
        }
        var results: [T] = []
        for try await result in group { results.append(result) }
        return results
    }
}

/// The code in a message: an SMS's run of `digits` decimal digits, or the digits a call script
/// says (`Your code is 4, 5, 6, 7. Again: 4, 5, 6, 7.`).
func codeSaid(in message: OutboundMessage, digits: Int) -> String? {
    if message.kind == .call {
        let said = message.text.filter(\.isNumber)
        return said.count == 2 * digits ? String(said.prefix(digits)) : nil
    }
    return message.text.split(whereSeparator: { !$0.isNumber }).first { $0.count == digits }.map(String.init)
}
