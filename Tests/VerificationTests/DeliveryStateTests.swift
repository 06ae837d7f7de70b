import Foundation
import Testing
import Verification
import VerificationSQLite
import VerificationTestSupport

/// The delivery state (outbox, dead letters, accepted message ids) on memory and on SQLite; the
/// PostgreSQL store runs the same scenarios in VerificationPostgresTests.
@Suite("Delivery state")
struct DeliveryStateTests {
    @Test("in memory", arguments: DeliveryStateScenario.allCases)
    func memory(_ scenario: DeliveryStateScenario) async throws {
        try await scenario.run([InMemoryDeliveryStateStore()])
    }

    @Test("SQLite, two connections to one file", arguments: DeliveryStateScenario.allCases)
    func sqlite(_ scenario: DeliveryStateScenario) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dialtone-delivery-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        let first = try await SQLiteVerificationStore.open(path: path)
        let second = try await SQLiteVerificationStore.open(path: path)
        try await scenario.run([first, second])
        await first.close()
        await second.close()
    }

    @Test("SQLite: the delivery tables survive closing and opening the file")
    func sqliteDurable() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dialtone-delivery-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        let t0 = Timestamp(seconds: 1_767_225_600)
        let store = try await SQLiteVerificationStore.open(path: path)
        try await store.enqueueWebhook(
            OutgoingWebhook(eventID: "e", orderingKey: "v", url: "http://x/", body: [1, 2], createdAt: t0))
        #expect(try await store.claimMessage("m", now: t0, leaseUntil: t0.adding(.seconds(60))))
        try await store.acceptMessage("m", now: t0)
        await store.close()
        let reopened = try await SQLiteVerificationStore.open(path: path)
        #expect(
            try await reopened.claimWebhooks(now: t0, limit: 5, leaseUntil: t0.adding(.seconds(10))).map(
                \.webhook.body)
                == [[1, 2]])
        #expect(try await reopened.claimMessage("m", now: t0, leaseUntil: t0.adding(.seconds(60))) == false)
        await reopened.close()
    }
}
