// The verification engine: one start (iDenfy send-sms, default policy: the per-number throttle is
// on) and one right check, per store; and the store's floor, the bare statements a pair needs
// issued directly on the same database. Inputs are prepared before measurement.
import Benchmark
import Foundation
import OTPProviders
import SQLiteNIO
import Synchronization
import Verification
import VerificationSQLite

/// Keeps each verification's code from the message text, for the check that follows.
final class CodeChannel: DeliveryChannel {
    let codes = Mutex<[String: String]>([:])
    func deliver(_ message: OutboundMessage) async throws(DeliveryFailure) {
        // "iDenfy code: 1234. Valid for 5 minutes."
        let code = String(message.text.utf8.dropFirst(13).prefix(4))!
        codes.withLock { $0[message.verificationID] = code }
    }
    func take(_ id: String) -> String { codes.withLock { $0.removeValue(forKey: id) ?? "" } }
}

/// Ten thousand valid US numbers, used in turn.
let numbers = (0..<10_000).map { "+1201555\(String(10_000 + $0).dropFirst())" }

func pair(_ engine: VerificationEngine, _ channel: CodeChannel, _ clock: VirtualClock, _ i: Int) async throws {
    // 200 ms a pair: a number comes round every 2,000 s, inside the 5-per-10-minutes limit.
    clock.advance(by: .milliseconds(200))
    let record = try await engine.sendIdenfySMS(
        IdenfySendSMSRequest(phoneNumber: numbers[i % numbers.count]), caller: .init(account: "bench"))
    let verified = try await engine.verifyIdenfySMS(requestID: record.id, code: Secret(channel.take(record.id)))
    precondition(verified)
}

func temporaryDatabase() -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dialtone-bench-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("bench.sqlite").path
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput],
        warmupIterations: 100,
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )

    Benchmark("pair_memory") { benchmark in
        let clock = VirtualClock()
        let channel = CodeChannel()
        let engine = VerificationEngine(
            store: InMemoryVerificationStore(), channel: channel, clock: clock, keys: .random())
        for i in benchmark.scaledIterations { try await pair(engine, channel, clock, i) }
    }

    Benchmark("pair_sqlite") { benchmark in
        let store = try await SQLiteVerificationStore.open(path: temporaryDatabase())
        let clock = VirtualClock()
        let channel = CodeChannel()
        let engine = VerificationEngine(store: store, channel: channel, clock: clock, keys: .random())
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations { try await pair(engine, channel, clock, i) }
        benchmark.stopMeasurement()
        await store.close()
    }

    // The statements a pair needs, issued directly: the throttle's upsert, the insert of the
    // verification and its three steps in one transaction, the attempt's conditional update and
    // the approval's.
    Benchmark("floor_sqlite") { benchmark in
        let path = temporaryDatabase()
        let store = try await SQLiteVerificationStore.open(path: path)
        await store.close()
        let db = try await SQLiteConnection.open(storage: .file(path: path))
        _ = try await db.query("PRAGMA journal_mode = WAL")
        _ = try await db.query("PRAGMA synchronous = NORMAL")
        let digest = SQLiteData.blob(ByteBuffer(bytes: [UInt8](repeating: 7, count: 32)))
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            let id = SQLiteData.text("\(i)-\(path.utf8.count)")
            let now = SQLiteData.integer(1_000_000 + i * 200)
            _ = try await db.query(
                "INSERT INTO rate_limits (key, tat) VALUES (?1, ?2 + 120000) ON CONFLICT (key) DO UPDATE SET tat = max(tat, ?2) + 120000 WHERE max(tat, ?2) + 120000 - ?2 <= 600000 RETURNING tat",
                [.text(numbers[i % numbers.count]), now])
            _ = try await db.query("BEGIN IMMEDIATE")
            _ = try await db.query(
                "INSERT INTO verifications (id, flow, account, phone, region, reference, state, code_digest, code_generation, attempts, max_attempts, created_at, expires_at, finished_at) VALUES (?, 'idenfy', 'bench', ?, 'US', NULL, 'pending', ?, 1, 0, 5, ?, ?, NULL)",
                [id, .text(numbers[i % numbers.count]), digest, now, now])
            for kind in ["call_same_code", "call_new_code", "expire"] {
                _ = try await db.query(
                    "INSERT INTO verification_steps (verification_id, kind, due_at, sealed_code, lease_until, done) VALUES (?, ?, ?, ?, NULL, 0)",
                    [id, .text(kind), now, kind == "call_same_code" ? digest : .null])
            }
            _ = try await db.query("COMMIT")
            _ = try await db.query(
                "UPDATE verifications SET attempts = attempts + 1 WHERE id = ? AND state = 'pending' AND expires_at >= ? AND attempts < max_attempts RETURNING code_digest, code_generation, attempts, max_attempts",
                [id, now])
            _ = try await db.query(
                "UPDATE verifications SET state = 'approved', finished_at = ? WHERE id = ? AND state = 'pending' AND code_generation = 1 RETURNING id",
                [now, id])
        }
        benchmark.stopMeasurement()
        try await db.close()
    }
}
