// The verification engine: one start (iDenfy send-sms, default policy: the per-number throttle is
// on) and one right check, per store; and the store's floor, the bare statements a pair needs
// issued directly on the same database. Stores and engines are made in `setup`, outside the
// measurement; a pair's code is taken from the message the engine hands to the channel.
// HMACBenchmarks.swift times the pair's HMAC-SHA256 work on its own.
import Benchmark
import Foundation
import OTPProviders
import PostgresNIO
import Synchronization
import Verification
@_spi(Benchmarks) import VerificationPostgres
@_spi(Benchmarks) import VerificationSQLite

/// Keeps each verification's code from the message text, for the check that follows: the four
/// ASCII digits in a slot per number (its last four digits), so the harness hashes no id and
/// allocates nothing. Numbers in flight at once are distinct (`numbers` has 10,000).
final class CodeChannel: DeliveryChannel {
    let codes = Mutex<[UInt32]>(Array(repeating: 0, count: numbers.count))
    func deliver(_ message: OutboundMessage) async throws(DeliveryFailure) {
        // "iDenfy code: 1234. Valid for 5 minutes." to "+1201555xxxx".
        let code = message.text.utf8.dropFirst(13).prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let slot = message.to.utf8.suffix(4).reduce(0) { $0 * 10 + Int($1 &- 48) }
        codes.withLock { $0[slot] = code }
    }
    /// The code sent to `numbers[slot]`.
    func take(_ slot: Int) -> String {
        let code = codes.withLock { $0[slot] }
        return String(unsafeUninitializedCapacity: 4) { buffer in
            for i in 0..<4 { buffer[i] = UInt8(truncatingIfNeeded: code >> (24 - 8 * i)) }
            return 4
        }
    }
}

/// Ten thousand valid US numbers, used in turn.
let numbers = (0..<10_000).map { "+1201555\(String(10_000 + $0).dropFirst())" }

/// One engine on one store, and how many pairs it has run (so numbers keep coming round in order).
final class Fixture: Sendable {
    let engine: VerificationEngine
    let channel: CodeChannel
    let clock: VirtualClock
    let next = Mutex(0)

    init(store: any VerificationStore) {
        channel = CodeChannel()
        clock = VirtualClock()
        engine = VerificationEngine(store: store, channel: channel, clock: clock, keys: .random())
    }

    /// `count` start+check pairs. The loop runs in this nonisolated method, on the concurrent
    /// executor as a server's handlers do; a loop in the benchmark closure would hop to and from
    /// the main actor at every call.
    func pairs(_ count: Int) async throws {
        let start = next.withLock { value in
            defer { value += count }
            return value
        }
        for i in start..<(start + count) {
            // 200 ms a pair: a number comes round every 2,000 s, inside the 5-per-10-minutes limit.
            clock.advance(by: .milliseconds(200))
            let record = try await engine.sendIdenfySMS(
                IdenfySendSMSRequest(phoneNumber: numbers[i % numbers.count]), caller: .init(account: "bench")
            )
            let verified = try await engine.verifyIdenfySMS(
                requestID: record.id, code: Secret(channel.take(i % numbers.count)))
            precondition(verified)
        }
    }

    /// `count` pairs spread over `tasks` concurrent tasks.
    func concurrentPairs(_ count: Int, tasks: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<tasks {
                let share = count / tasks + (t < count % tasks ? 1 : 0)
                group.addTask { try await self.pairs(share) }
            }
            try await group.waitForAll()
        }
    }
}

/// A store's floor: its `floorPair` (the bare statements of a pair on the store's own
/// connection, SPI `Benchmarks`) for pair after pair, issued by `tasks` concurrent tasks.
final class Floor: Sendable {
    let pair: @Sendable (_ id: String, _ phone: String, _ now: Timestamp) async throws -> Void
    let next = Mutex(0)

    init(_ store: SQLiteVerificationStore) {
        pair = { id, phone, now in try store.floorPair(id: id, phone: phone, now: now) }
    }

    init(_ store: PostgresVerificationStore) {
        pair = { id, phone, now in try await store.floorPair(id: id, phone: phone, now: now) }
    }

    func pairs(_ count: Int, tasks: Int = 1) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<tasks {
                let share = count / tasks + (t < count % tasks ? 1 : 0)
                group.addTask { try await self.run(share) }
            }
            try await group.waitForAll()
        }
    }

    private func run(_ count: Int) async throws {
        let start = next.withLock { value in
            defer { value += count }
            return value
        }
        for i in start..<(start + count) {
            try await pair(
                "floor-\(i)", numbers[i % numbers.count], Timestamp(milliseconds: 1_000_000 + Int64(i) * 200))
        }
    }
}

/// A PostgreSQL client that runs for the rest of the benchmark process, with the pool options
/// dialtone-server uses.
func runningClient(_ url: String) throws -> PostgresClient {
    guard let parsed = URL(string: url), let host = parsed.host, let user = parsed.user else {
        throw SetupMissing()
    }
    let database = parsed.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    var configuration = PostgresClient.Configuration(
        host: host, port: parsed.port ?? 5432, username: user, password: parsed.password,
        database: database.isEmpty ? nil : database, tls: .disable)
    // The options dialtone-server uses.
    configuration.options = PostgresVerificationStore.poolOptions()
    let client = PostgresClient(configuration: configuration)
    Task { await client.run() }
    return client
}

func temporaryDatabase() -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "dialtone-bench-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("bench.sqlite").path
}

struct SetupMissing: Error {}

/// What `setup` made, for the measured closure.
final class Slot<T: Sendable>: Sendable {
    let value = Mutex<T?>(nil)
    func get() throws -> T {
        guard let value = value.withLock({ $0 }) else { throw SetupMissing() }
        return value
    }
    func set(_ new: T) { value.withLock { $0 = new } }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput],
        warmupIterations: 2,
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )

    let memory = Slot<Fixture>()
    Benchmark("pair_memory") { benchmark in
        try await memory.get().pairs(benchmark.scaledIterations.count)
    } setup: {
        memory.set(Fixture(store: InMemoryVerificationStore()))
    }

    // A million pairs on a store that starts empty, a sample each: the mean cost of a pair with
    // the store's growth in it, which `pair_memory`'s samples of 1,000 mostly miss (a resize
    // falls in a few of them, past its p50). The store is freed after the measurement; the peak
    // resident memory, less the process's before the first pair, is what a million pairs hold.
    Benchmark(
        "pair_memory_fresh",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident],
            warmupIterations: 1, scalingFactor: .mega, maxDuration: .seconds(60), maxIterations: 5)
    ) { benchmark in
        let fixture = Fixture(store: InMemoryVerificationStore())
        try await fixture.pairs(benchmark.scaledIterations.count)
        benchmark.stopMeasurement()
        withExtendedLifetime(fixture) {}
    }

    let sqlite = Slot<Fixture>()
    Benchmark("pair_sqlite") { benchmark in
        try await sqlite.get().pairs(benchmark.scaledIterations.count)
    } setup: {
        sqlite.set(Fixture(store: try await SQLiteVerificationStore.open(path: temporaryDatabase())))
    }

    let sqliteConcurrent = Slot<Fixture>()
    Benchmark("pair_sqlite_8tasks") { benchmark in
        try await sqliteConcurrent.get().concurrentPairs(benchmark.scaledIterations.count, tasks: 8)
    } setup: {
        sqliteConcurrent.set(
            Fixture(store: try await SQLiteVerificationStore.open(path: temporaryDatabase())))
    }

    // PostgreSQL, when `Benchmarks/verification/run.sh` (or the caller) names a database.
    if let url = ProcessInfo.processInfo.environment["DIALTONE_BENCH_POSTGRES_URL"] {
        let postgres = Slot<Fixture>()
        Benchmark("pair_postgres_8tasks") { benchmark in
            try await postgres.get().concurrentPairs(benchmark.scaledIterations.count, tasks: 8)
        } setup: {
            let store = PostgresVerificationStore(client: try runningClient(url))
            try await store.migrate()
            postgres.set(Fixture(store: store))
        }

        let postgresFloor = Slot<Floor>()
        Benchmark("floor_postgres_8tasks") { benchmark in
            try await postgresFloor.get().pairs(benchmark.scaledIterations.count, tasks: 8)
        } setup: {
            let store = PostgresVerificationStore(client: try runningClient(url))
            try await store.migrate()
            postgresFloor.set(Floor(store))
        }
    }

    let floor = Slot<Floor>()
    Benchmark("floor_sqlite") { benchmark in
        try await floor.get().pairs(benchmark.scaledIterations.count)
    } setup: {
        floor.set(Floor(try await SQLiteVerificationStore.open(path: temporaryDatabase())))
    }

    let floorConcurrent = Slot<Floor>()
    Benchmark("floor_sqlite_8tasks") { benchmark in
        try await floorConcurrent.get().pairs(benchmark.scaledIterations.count, tasks: 8)
    } setup: {
        floorConcurrent.set(Floor(try await SQLiteVerificationStore.open(path: temporaryDatabase())))
    }

    hmacBenchmarks()
    hostBenchmarks()
}
