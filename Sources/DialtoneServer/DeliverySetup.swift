import AsyncHTTPClient
import Delivery
import Logging
import ServiceLifecycle
import Verification

/// The production delivery side, as configured: the engine's channel (SMS by Kannel or a
/// webhook, calls by the voice webhook when there is one), the observer for event webhooks, and
/// the HTTP client they share (shut down with the server).
struct DeliverySetup: Sendable {
    let channel: any DeliveryChannel
    let eventObserver: EventWebhookObserver?
    let reportSigner: DeliveryReportSigner
    let reportOrdering: DeliveryReportOrdering
    let services: [any Service]

    static func make(_ configuration: ServerConfiguration, logger: Logger) -> DeliverySetup {
        let client = DeliveryHTTPClient.make()
        let reportSigner = DeliveryReportSigner(secret: configuration.secret ?? [])
        let webhookSecret = configuration.webhookSecret ?? []
        let deadLetters = InMemoryDeadLetters()
        func poster(_ url: String, retry: RetryPolicy = RetryPolicy()) -> WebhookPoster {
            WebhookPoster(
                url: url, secret: webhookSecret, client: client, backoff: .live(retry),
                deadLetters: deadLetters,
                logger: logger)
        }
        var sms: (any DeliveryChannel)?
        switch configuration.smsChannel {
        case "kannel":
            if let kannel = configuration.kannel {
                let base = configuration.publicURL ?? "http://\(configuration.host):\(configuration.port)"
                let reports = KannelReportCallback(
                    url: base.trimmingSuffix("/") + DeliveryReportRoutes.kannelPath, signer: reportSigner)
                sms = KannelChannel(
                    configuration: KannelConfiguration(
                        sendsmsURL: kannel.sendsmsURL, username: kannel.username, password: kannel.password,
                        reports: reports),
                    client: client, logger: logger)
            }
        case "webhook":
            if let url = configuration.smsWebhookURL {
                sms = WebhookChannel(kinds: [.sms], poster: poster(url))
            }
        default:
            break
        }
        var voice: (any DeliveryChannel)?
        if let url = configuration.voiceWebhookURL {
            voice = WebhookChannel(kinds: [.call], poster: poster(url))
        } else {
            logger.warning(
                "no voice channel is configured (DIALTONE_VOICE_WEBHOOK_URL): call steps will end in a delivery failure"
            )
        }
        // Messages are sent while a request or a step waits (about 2 s of retries); events are
        // queued, so their receiver gets longer: 8 tries over about 2 minutes.
        let events = configuration.eventsWebhookURL.map {
            EventWebhookObserver(
                poster: poster(
                    $0, retry: RetryPolicy(attempts: 8, baseDelay: .seconds(1), maximumDelay: .seconds(60))))
        }
        return DeliverySetup(
            channel: ChannelRouter(sms: sms, voice: voice), eventObserver: events, reportSigner: reportSigner,
            reportOrdering: DeliveryReportOrdering(),
            services: [HTTPClientShutdown(client: client)])
    }
}

/// Shuts the delivery HTTP client down when the server stops.
struct HTTPClientShutdown: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}

extension String {
    /// The string without one trailing `suffix`.
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
