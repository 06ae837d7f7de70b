public import Verification

/// The sandbox's delivery channel: every message goes to the journal in the store, except for
/// the documented magic numbers.
public struct SandboxChannel: DeliveryChannel {
    /// Where messages are kept.
    public let journal: any MessageJournal

    /// `+1 201 555 0100`–`0109`: delivery fails.
    public static let failingPrefix = "+1201555010"
    /// `+1 201 555 0110`–`0119`: the code is always `1234` (iDenfy) or `123456` (PhoneMatch).
    public static let fixedCodePrefix = "+1201555011"
    /// `+1 201 555 0120`–`0129`: delivery takes two seconds.
    public static let slowPrefix = "+1201555012"
    /// How long a slow delivery takes.
    public static let slowDelay: Duration = .seconds(2)

    /// Creates the channel.
    public init(journal: any MessageJournal) {
        self.journal = journal
    }

    /// Journals the message, or fails or waits for a magic number.
    public func deliver(_ message: OutboundMessage) async throws(DeliveryFailure) {
        if message.to.hasPrefix(Self.failingPrefix) {
            throw .refused("sandbox number \(message.to) refuses every message")
        }
        if message.to.hasPrefix(Self.slowPrefix) {
            try? await Task.sleep(for: Self.slowDelay)
        }
        do {
            try await journal.append(message)
        } catch {
            throw .unreachable("sandbox journal: \(error.identifier)")
        }
    }
}
