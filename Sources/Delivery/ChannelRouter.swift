public import Verification

/// The engine's one channel: SMS to one channel, calls to another. A kind with no channel is
/// `DeliveryFailure.noChannel(_:)`, which the engine records as a delivery failure (an SMS-only
/// server still serves the iDenfy ladder: its call steps fail and the ladder goes on).
public struct ChannelRouter: DeliveryChannel {
    /// Where SMS go.
    public let sms: (any DeliveryChannel)?
    /// Where calls go.
    public let voice: (any DeliveryChannel)?

    /// Creates a router.
    public init(sms: (any DeliveryChannel)?, voice: (any DeliveryChannel)?) {
        self.sms = sms
        self.voice = voice
    }

    /// Hands the message to the channel for its kind.
    public func deliver(_ message: OutboundMessage) async throws(DeliveryFailure) {
        let channel =
            switch message.kind {
            case .sms: sms
            case .call: voice
            }
        guard let channel else { throw .noChannel(message.kind) }
        try await channel.deliver(message)
    }
}
