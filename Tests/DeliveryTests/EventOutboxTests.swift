import AsyncHTTPClient
import Delivery
import Foundation
import Testing
import Verification
import VerificationSQLite

/// The event webhooks' outbox worker: two instances (two observers, each with its own worker and
/// its own connection) on one SQLite file, and a worker that stops and another that goes on.
@Suite("Event webhooks: the outbox worker")
struct EventOutboxTests {
    static let kinds: [VerificationEvent.Kind] = [.started, .sent(.sms), .delivered(.sms), .approved]

    static func observer(_ store: any DeliveryStateStore, _ receiver: WebhookReceiver, client: HTTPClient)
        -> EventWebhookObserver
    {
        EventWebhookObserver(
            poster: WebhookPoster(
                url: receiver.url("/events"), secret: WebhookTests.secret, client: client, store: store,
                backoff: CountingSleeper().backoff(RetryPolicy(attempts: 4, baseDelay: .zero)),
                // Tries are counted exactly: none may time out (and its lease end) on a busy machine.
                requestTimeout: .seconds(60)),
            pollInterval: .milliseconds(20))
    }

    static func temporaryFile() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dialtone-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("outbox.sqlite").path
    }

    @Test("two instances share one outbox: each event once, in order per verification, every signature valid")
    func twoInstances() async throws {
        let receiver = WebhookReceiver(secret: WebhookTests.secret, failuresPerEvent: 1)
        try await receiver.start()
        defer { receiver.stop() }
        let path = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let stores = [
            try await SQLiteVerificationStore.open(path: path),
            try await SQLiteVerificationStore.open(path: path),
        ]
        try await withClient { client in
            let observers = stores.map { Self.observer($0, receiver, client: client) }
            let workers = observers.map { observer in Task { await observer.run() } }
            // Each verification's events recorded in turn by one instance and the other, as
            // requests and delivery reports land on either.
            let verifications = (0..<12).map { "v\($0)" }
            for (index, kind) in Self.kinds.enumerated() {
                for id in verifications {
                    await observers[(index + id.count) % 2].record(
                        VerificationEvent(
                            kind: kind, verificationID: id, flow: .phoneMatchSMS, region: "US",
                            at: SystemVerificationClock().now()))
                }
            }
            try await receiver.wait { receiver in
                verifications.allSatisfy { receiver.types(for: $0).count == Self.kinds.count }
            }
            await observers[0].idle()
            for id in verifications {
                #expect(
                    receiver.types(for: id) == [
                        "verification.started", "verification.sent", "verification.delivered",
                        "verification.approved",
                    ])
            }
            let state = receiver.state.withLock { $0 }
            #expect(state.badSignatures == 0)
            #expect(state.unique.count == verifications.count * Self.kinds.count)
            #expect(state.deliveries.values.allSatisfy { $0 == 2 })
            #expect(try await stores[1].deadLetters(limit: 10).isEmpty)
            for worker in workers {
                worker.cancel()
                await worker.value
            }
        }
        for store in stores { await store.close() }
    }

    @Test("a stopped worker leaves its events queued; another worker on the same file posts them")
    func stoppedWorker() async throws {
        let receiver = WebhookReceiver(secret: WebhookTests.secret, failuresPerEvent: 0)
        try await receiver.start()
        defer { receiver.stop() }
        let path = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try await withClient { client in
            // No worker runs: recording only queues.
            let first = try await SQLiteVerificationStore.open(path: path)
            let recorder = Self.observer(first, receiver, client: client)
            for kind in Self.kinds {
                await recorder.record(
                    VerificationEvent(
                        kind: kind, verificationID: "v", flow: .idenfy, region: "US",
                        at: SystemVerificationClock().now()))
            }
            #expect(try await first.pendingWebhookCount() == Self.kinds.count)
            #expect(receiver.state.withLock { $0.deliveries.isEmpty })
            await first.close()

            let second = try await SQLiteVerificationStore.open(path: path)
            let poster = Self.observer(second, receiver, client: client)
            let worker = Task { await poster.run() }
            await poster.idle()
            worker.cancel()
            await worker.value
            #expect(
                receiver.types(for: "v") == [
                    "verification.started", "verification.sent", "verification.delivered",
                    "verification.approved",
                ])
            await second.close()
        }
    }
}
