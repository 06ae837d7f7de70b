public import Foundation
public import OTPProviders
public import Testing
public import Verification
import VerificationSQLite

/// A channel that keeps every message, and fails for the numbers it is told to.
public final class RecordingChannel: DeliveryChannel {
    private let state = Locked<(messages: [OutboundMessage], failing: Set<String>)>(([], []))

    /// Creates it.
    public init(failing: Set<String> = []) {
        state.withLock { $0.failing = failing }
    }

    /// Keeps the message, or refuses it for a failing number.
    public func deliver(_ message: OutboundMessage) async throws(DeliveryFailure) {
        let fail = state.withLock { state -> Bool in
            if state.failing.contains(message.to) { return true }
            state.messages.append(message)
            return false
        }
        if fail { throw .refused("test gateway refuses \(message.to)") }
    }

    /// Every message kept, in order.
    public var messages: [OutboundMessage] { state.withLock { $0.messages } }

    /// The messages to `number`.
    public func messages(to number: String) -> [OutboundMessage] { messages.filter { $0.to == number } }

    /// The digits of the last message to `number` (the code: the text's only digit run of 4+).
    public func lastCode(to number: String) -> String? {
        guard let text = messages(to: number).last?.text else { return nil }
        if text.hasPrefix("Your code is ") {
            // "Your code is 1, 2, 3, 4. Again: …"
            let spoken = text.dropFirst("Your code is ".count).prefix { $0 != "." }
            return spoken.filter(\.isNumber)
        }
        var best = ""
        var run = ""
        for c in text + " " {
            if c.isASCII, c.isNumber {
                run.append(c)
            } else {
                if run.count >= 4 { best = run }
                run = ""
            }
        }
        return best.isEmpty ? nil : best
    }
}

/// An observer that keeps every event.
public final class RecordingObserver: VerificationObserver {
    /// Creates it.
    public init() {}
    private let events = Locked<[VerificationEvent]>([])
    /// Keeps the event.
    public func record(_ event: VerificationEvent) async { events.withLock { $0.append(event) } }
    /// Every event, in order.
    public var all: [VerificationEvent] { events.withLock { $0 } }
    /// The identifiers of the events of verification `id`.
    public func kinds(_ id: String) -> [String] {
        all.filter { $0.verificationID == id }.map(\.kind.identifier)
    }
}

/// A pending iDenfy verification `id` with a fixed digest, created at 0 and expiring at 60 s, for
/// tests of the stores themselves.
public func pendingRecord(_ id: String) -> VerificationRecord {
    VerificationRecord(
        id: id, flow: .idenfy, account: "a", phoneNumber: "+12015550123", region: "US", reference: nil,
        state: .pending, codeDigest: Array(repeating: 7, count: 32), codeGeneration: 1, attempts: 0,
        maxAttempts: 5, createdAt: Timestamp(milliseconds: 0), expiresAt: Timestamp(milliseconds: 60_000))
}

/// The stores every engine test runs on.
public enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case sqlite

    /// The store's name in test output.
    public var testDescription: String { rawValue }

    /// A fresh, empty store (a new SQLite file in a temporary folder).
    public func make() async throws -> any VerificationStore {
        switch self {
        case .memory: return InMemoryVerificationStore()
        case .sqlite: return try await SQLiteVerificationStore.open(path: Self.temporaryPath())
        }
    }

    /// A new SQLite file path in a fresh temporary folder.
    public static func temporaryPath() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dialtone-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("verifications.sqlite").path
    }
}

/// An engine on a virtual clock with a recording channel and observer.
public struct Harness {
    /// The virtual clock.
    public let clock: VirtualClock
    /// The recording channel.
    public let channel: RecordingChannel
    /// The recording observer.
    public let observer: RecordingObserver
    /// The engine under test.
    public let engine: VerificationEngine

    /// Creates it.
    public init(
        store: any VerificationStore, policy: VerificationPolicy = VerificationPolicy(),
        keys: VerificationKeys = .random(), failing: Set<String> = [], clock: VirtualClock = VirtualClock()
    ) {
        self.clock = clock
        channel = RecordingChannel(failing: failing)
        observer = RecordingObserver()
        engine = VerificationEngine(
            store: store, channel: channel, clock: clock, keys: keys, policy: policy, observer: observer)
    }

    /// A harness on a fresh store of `kind`.
    public static func make(
        _ kind: StoreKind, policy: VerificationPolicy = VerificationPolicy(), failing: Set<String> = []
    )
        async throws -> Harness
    {
        Harness(store: try await kind.make(), policy: policy, failing: failing)
    }

    /// A PhoneMatch initial request for `phone`.
    public static func phoneMatch(
        _ phone: String, service: PhoneMatchService = .sms, message: String? = nil,
        doNotSendTo: [PhoneMatchLineType]? = nil, country: PhoneMatchInitialRequest.CountryFilter? = nil
    ) -> PhoneMatchInitialRequest {
        PhoneMatchInitialRequest(
            user: "user@company.com", password: Secret("PASSWORD"), service: service, reference: "12345",
            options: PhoneMatchInitialRequest.Options(
                outOfBand: PhoneMatchInitialRequest.OutOfBand(
                    message: message, doNotSendToTypes: doNotSendTo, country: country)),
            target: PhoneMatchInitialRequest.Target(firstName: "John", lastName: "Smith", phone: phone))
    }

    /// The caller every test start uses.
    public static let caller = VerificationEngine.Caller(account: "user@company.com")
}
