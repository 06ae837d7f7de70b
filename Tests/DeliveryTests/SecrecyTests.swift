import Delivery
import DialtoneServer
import DialtoneTestSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing
import Verification

/// Nothing a channel logs holds a code, a message text or a password; a server with an SMS
/// channel alone starts and says once that calls will fail.
@Suite("Logs and start-up")
struct SecrecyTests {
    @Test("channels never log the text, the code, the token or the Kannel password")
    func noSecretsLogged() async throws {
        let log = LogCapture()
        let receiver = WebhookReceiver(secret: WebhookTests.secret, failuresPerEvent: 1)
        try await receiver.start()
        defer { receiver.stop() }
        try await withClient { client in
            let closed = try freeLoopbackPort()
            let kannel = KannelChannel(
                configuration: KannelConfiguration(
                    sendsmsURL: "http://127.0.0.1:\(closed)/cgi-bin/sendsms", username: "user",
                    password: "kannel-password-value", retry: RetryPolicy(attempts: 2)),
                client: client, store: InMemoryDeliveryStateStore(),
                backoff: CountingSleeper().backoff(RetryPolicy(attempts: 2)), logger: log.logger)
            let webhook = WebhookChannel(
                kinds: [.sms, .call],
                poster: WebhookPoster(
                    url: receiver.url("/sms"), secret: WebhookTests.secret, client: client,
                    store: InMemoryDeliveryStateStore(),
                    backoff: CountingSleeper().backoff(RetryPolicy(attempts: 3)), logger: log.logger))
            let message = OutboundMessage(
                id: "tok3n5ecret-1", verificationID: "tok3n5ecret", to: "+12015550123", kind: .sms,
                text: "Your code is 987654",
                sender: nil, createdAt: Timestamp(milliseconds: 0))
            await #expect(throws: DeliveryFailure.unreachable("kannel_connection_failed")) {
                try await kannel.deliver(message)
            }
            try await webhook.deliver(message)
            var call = message
            call.id = "tok3n5ecret-2"
            call.kind = .call
            call.text = VoiceScript.render(code: "987654")
            try await webhook.deliver(call)
        }
        let lines = log.all
        #expect(lines.count >= 4)
        for line in lines {
            #expect(!line.contains("987654"))
            #expect(!line.contains("9, 8, 7"))
            #expect(!line.contains("kannel-password-value"))
            #expect(!line.contains("Your code"))
            #expect(!line.contains("tok3n5ecret"))
        }
    }

    @Test("an SMS channel alone: the server is assembled, and says once that there is no voice channel")
    func smsOnlyServer() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dialtone-delivery-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = ServerConfiguration()
        configuration.database = folder.appendingPathComponent("server.sqlite").path
        configuration.secret = testSecret
        configuration.phoneMatchAccounts = [.init(name: "user", secret: "pass")]
        configuration.smsChannel = "kannel"
        configuration.kannel = .init(
            sendsmsURL: "http://127.0.0.1:1/cgi-bin/sendsms", username: "user",
            password: "kannel-password-value")
        try configuration.check()
        let log = LogCapture()
        let parts = try await ServerParts.make(configuration, logger: log.logger)
        // Run the parts' services (the HTTP client's shutdown) and stop them again.
        let services = Task {
            try await withThrowingDiscardingTaskGroup { group in
                for service in parts.services { group.addTask { try await service.run() } }
            }
        }
        services.cancel()
        _ = await services.result
        let warnings = log.all.filter { $0.contains("no voice channel") }
        #expect(warnings.count == 1)
        #expect(log.all.allSatisfy { !$0.contains("kannel-password-value") })
    }

    @Test(
        "configuration problems are named",
        arguments: [
            ("kannel", false, "DIALTONE_KANNEL_SENDSMS_URL"), ("webhook", false, "DIALTONE_SMS_WEBHOOK_URL"),
            ("carrier-pigeon", false, "carrier-pigeon"), ("webhook", true, "DIALTONE_WEBHOOK_SECRET"),
        ])
    func problems(_ channel: String, _ withURL: Bool, _ named: String) {
        var configuration = ServerConfiguration()
        configuration.secret = testSecret
        configuration.phoneMatchAccounts = [.init(name: "user", secret: "pass")]
        configuration.smsChannel = channel
        if withURL { configuration.smsWebhookURL = "http://127.0.0.1:1/sms" }
        do {
            try configuration.check()
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains(named))
        }
    }
}
