import AsyncHTTPClient
import Delivery
import Logging
import ServiceLifecycle
import Verification

/// The production delivery side, as configured: the engine's channel (SMS by Kannel or a
/// webhook, calls by the voice webhook when there is one), the observer for event webhooks and
/// its worker, and the HTTP client they share (shut down with the server). Their durable state
/// (the event outbox, dead letters, accepted message ids) is in `state`, the server's own store.
struct DeliverySetup: Sendable {
    let channel: any DeliveryChannel
    let eventObserver: EventWebhookObserver?
    let reportSigner: DeliveryReportSigner
    let reportOrdering: DeliveryReportOrdering
    let services: [any Service]

    static func make(
        _ configuration: ServerConfiguration, state: any DeliveryStateStore, logger: Logger
    ) -> DeliverySetup {
        let client = DeliveryHTTPClient.make()
        let reportSigner = DeliveryReportSigner(secret: configuration.secret ?? [])
        let webhookSecret = configuration.webhookSecret ?? []
        func poster(_ url: String, retry: RetryPolicy = RetryPolicy()) -> WebhookPoster {
            WebhookPoster(
                url: url, secret: webhookSecret, client: client, store: state, backoff: .live(retry),
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
                    client: client, store: state, logger: logger)
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
        // A service group stops its services in reverse order: the event worker before the client.
        var services: [any Service] = [
            HTTPClientShutdown(client: client), AcceptedMessagesPurge(state: state),
        ]
        if let events {
            // The outbox's table exists once the store is migrated (PostgreSQL: at start-up).
            let store = state as? any VerificationStore
            services.append(
                EventWebhookWorker(observer: events, logger: logger) { () throws(VerificationStoreError) in
                    try await store?.migrate()
                })
        }
        return DeliverySetup(
            channel: ChannelRouter(sms: sms, voice: voice), eventObserver: events, reportSigner: reportSigner,
            reportOrdering: DeliveryReportOrdering(), services: services)
    }
}

/// Posts the queued event webhooks until the server stops; a try under way when it stops is
/// released and made again after the next start.
struct EventWebhookWorker: Service {
    let observer: EventWebhookObserver
    let logger: Logger
    /// Brings the store's schema up to date (a no-op when it is) before the first claim.
    let prepare: @Sendable () async throws(VerificationStoreError) -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            do throws(VerificationStoreError) {
                try await prepare()
            } catch {
                logger.error(
                    "event webhooks: the store could not be prepared",
                    metadata: ["error": .string(error.identifier)])
            }
            await observer.run()
        }
    }
}

/// Forgets, every hour, the ids of messages accepted more than a week ago: a step is never run
/// again that late (a verification expires within minutes).
struct AcceptedMessagesPurge: Service {
    let state: any DeliveryStateStore

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let cutoff = SystemVerificationClock().now().adding(.seconds(-7 * 86_400))
                _ = try? await state.purgeMessages(before: cutoff)
                try? await Task.sleep(for: .seconds(3600))
            }
        }
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
