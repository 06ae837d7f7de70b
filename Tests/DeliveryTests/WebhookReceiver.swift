import Delivery
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// A webhook receiver on loopback, as a customer would write one: it checks every request's
/// signature with ``WebhookVerifier``, answers 500 to the first `failuresPerEvent` deliveries of
/// each event, then 200, and keeps each event once (de-duplicated on `event_id`).
final class WebhookReceiver: Sendable {
    struct State {
        var deliveries: [String: Int] = [:]
        var unique: [(id: String, path: String, body: [UInt8])] = []
        var rawBodies: [String] = []
        var badSignatures = 0
    }

    let verifier: WebhookVerifier
    let failuresPerEvent: Int
    let state = Mutex(State())
    let port = Mutex(0)
    private let task = Mutex<Task<Void, any Error>?>(nil)

    init(secret: [UInt8], failuresPerEvent: Int) {
        self.verifier = WebhookVerifier(secret: secret)
        self.failuresPerEvent = failuresPerEvent
    }

    /// Starts listening on `port` (0: a free one); returns once it listens (at most 10 s).
    func start(port requested: Int = 0) async throws {
        let router = Router()
        router.post("/**") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let body = Array(buffer.readableBytesView)
            return self.handle(
                path: request.uri.path, body: body,
                signature: HTTPField.Name(WebhookSigner.headerName).flatMap { request.headers[$0] })
        }
        let (ready, signal) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: requested)),
            onServerRunning: { channel in signal.yield(channel.localAddress?.port ?? 0) })
        task.withLock { $0 = Task { try await app.runService() } }
        let port = try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for await port in ready { return port }
                return 0
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                return 0
            }
            let first = try await group.next() ?? 0
            group.cancelAll()
            return first
        }
        guard port > 0 else { throw HarnessFailure("the webhook receiver did not start") }
        self.port.withLock { $0 = port }
    }

    /// Stops the server.
    func stop() {
        task.withLock { $0?.cancel() }
    }

    /// `http://127.0.0.1:PORT/PATH`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port.withLock { $0 })\(path)" }

    func handle(path: String, body: [UInt8], signature: String?) -> Response {
        do {
            try verifier.verify(body: body, header: signature, now: Int64(Date().timeIntervalSince1970))
        } catch {
            state.withLock { $0.badSignatures += 1 }
            return Response(status: .unauthorized)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
            let id = object["event_id"] as? String
        else { return Response(status: .badRequest) }
        return state.withLock { state in
            state.rawBodies.append(String(decoding: body, as: UTF8.self))
            let count = (state.deliveries[id] ?? 0) + 1
            state.deliveries[id] = count
            if count <= failuresPerEvent { return Response(status: .internalServerError) }
            if count == failuresPerEvent + 1 { state.unique.append((id, path, body)) }
            return Response(status: .ok)
        }
    }

    /// The unique events' `type`s for `verification`, in arrival order.
    func types(for verification: String) -> [String] {
        bodies(at: nil).filter { $0["verification_id"] as? String == verification }
            .compactMap { $0["type"] as? String }
    }

    /// The unique bodies posted to `path` (any path for nil), in arrival order.
    func bodies(at path: String?) -> [[String: Any]] {
        let raw = state.withLock { $0.unique.filter { path == nil || $0.path == path }.map(\.body) }
        return raw.compactMap { (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any] }
    }

    /// Waits (at most `timeout`) until `predicate` holds.
    func wait(timeout: Duration = .seconds(30), until predicate: (WebhookReceiver) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !predicate(self) {
            if ContinuousClock.now > deadline { throw HarnessFailure("the webhook receiver waited in vain") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
