public import PhoneNumbers

/// Carries out the providers' one-time-password flows: PhoneMatch5.0.SMS and .Call (start, continue)
/// and iDenfy (send-sms, verify-sms, the SMS→call ladder).
///
/// Everything it needs is passed in: the store (where state lives, so several engines can share
/// it), the delivery channel, the clock, the keys, the policy, an observer for events and the
/// numbering plan. It holds no state of its own and is a `Sendable` value: the server, tests and a
/// gateway that links it directly all drive the same state machine.
public struct VerificationEngine: Sendable {
    /// Where verifications, timers and throttle counters live.
    public let store: any VerificationStore
    /// How messages go out.
    public let channel: any DeliveryChannel
    /// The source of time.
    public let clock: any VerificationClock
    /// The operator's choices.
    public let policy: VerificationPolicy
    /// Receives every event.
    public let observer: any VerificationObserver
    /// The numbering plan numbers are read with.
    public let plan: NumberingPlan
    /// Where codes come from (``CodeSource/systemRandom`` but in the sandbox).
    public let codes: CodeSource
    let keys: VerificationKeys
    /// The CSPRNG's bytes, fetched in blocks, for ids and codes (this engine's and its copies').
    let random: SecureRandomBuffer
    /// Whether `observer` listens: no event is made for ``NoVerificationObserver``.
    let observing: Bool
    /// The iDenfy ladder's times in milliseconds, from `policy.idenfy`, so that a start converts
    /// no `Duration` (a 128-bit division each).
    let idenfyMilliseconds: (sameCodeCall: Int64, firstCode: Int64, secondCode: Int64)

    /// Creates an engine.
    public init(
        store: any VerificationStore, channel: any DeliveryChannel, clock: any VerificationClock,
        keys: VerificationKeys, policy: VerificationPolicy = VerificationPolicy(),
        observer: any VerificationObserver = NoVerificationObserver(), plan: NumberingPlan = .bundled,
        codes: CodeSource = .systemRandom
    ) {
        self.codes = codes
        self.random = SecureRandomBuffer()
        self.store = store
        self.channel = channel
        self.clock = clock
        self.keys = keys
        self.policy = policy
        self.idenfyMilliseconds = (
            policy.idenfy.sameCodeCallAfter.wholeMilliseconds,
            policy.idenfy.firstCodeLifetime.wholeMilliseconds,
            policy.idenfy.secondCodeLifetime.wholeMilliseconds
        )
        self.observer = observer
        self.observing = !(observer is NoVerificationObserver)
        self.plan = plan
    }

    /// Who is asking: the throttles and idempotency keys are scoped by these.
    public struct Caller: Sendable, Hashable {
        /// The account (PhoneMatch `user`, iDenfy API key).
        public var account: String
        /// The client's address, when known.
        public var clientAddress: String?
        /// An idempotency key for a start: a repeat within the window returns the same
        /// verification and sends nothing.
        public var idempotencyKey: String?

        /// Creates a caller.
        public init(account: String, clientAddress: String? = nil, idempotencyKey: String? = nil) {
            self.account = account
            self.clientAddress = clientAddress
            self.idempotencyKey = idempotencyKey
        }
    }

    // MARK: Shared steps

    nonisolated(nonsending) func emit(
        _ kind: VerificationEvent.Kind, _ id: String?, _ flow: VerificationFlow, _ region: String?,
        at: @autoclosure () -> Timestamp
    )
        async
    {
        guard observing else { return }
        await observer.record(
            VerificationEvent(kind: kind, verificationID: id, flow: flow, region: region, at: at()))
    }

    nonisolated(nonsending) func run<T>(_ body: () async throws(VerificationStoreError) -> T)
        async throws(VerificationError) -> T
    {
        do {
            return try await body()
        } catch {
            throw .store(error)
        }
    }

    /// The per-request limits (account, client address), before anything else is looked at.
    nonisolated(nonsending) func checkCallerLimits(_ caller: Caller, flow: VerificationFlow, now: Timestamp)
        async throws(VerificationError)
    {
        let throttles = policy.throttles
        if let limit = throttles.perAccount {
            try await take("account:\(caller.account)", limit, .perAccount, flow: flow, region: nil, now: now)
        }
        if let limit = throttles.perClientAddress, let address = caller.clientAddress {
            try await take("client:\(address)", limit, .perClientAddress, flow: flow, region: nil, now: now)
        }
    }

    /// Whether a start by `caller` must await anything before its number's limits: a limit per
    /// account or client address, or a refusal by number type. Without one, a start's checks are
    /// ``numberLimits(_:e164:)`` alone, with no call on the store.
    func startHasChecksBeforeLimits(_ caller: Caller) -> Bool {
        let throttles = policy.throttles
        return throttles.perAccount != nil
            || (throttles.perClientAddress != nil && caller.clientAddress != nil)
            || throttles.pumping.refusePremiumRate || throttles.pumping.refuseNonMobileSMS
    }

    /// The per-number limits and the anti-pumping guard, for a valid number about to be sent to.
    nonisolated(nonsending) func checkNumberLimits(
        _ number: PhoneNumber, e164: String, kind: DeliveryKind, flow: VerificationFlow, now: Timestamp
    ) async throws(VerificationError) -> NumberLimits {
        let guardPolicy = policy.throttles.pumping
        let region = number.regionCode
        if guardPolicy.refusePremiumRate, number.type == .premiumRate {
            try await refuse(.premiumRate, flow: flow, region: region, now: now, logOnly: guardPolicy.logOnly)
        }
        if guardPolicy.refuseNonMobileSMS, kind == .sms, number.type != .mobile,
            number.type != .fixedLineOrMobile
        {
            try await refuse(.nonMobile, flow: flow, region: region, now: now, logOnly: guardPolicy.logOnly)
        }
        return numberLimits(number, e164: e164)
    }

    /// The limits a start to `number` takes (country, prefix, cooldown, number), in that order.
    func numberLimits(_ number: PhoneNumber, e164: String) -> NumberLimits {
        let throttles = policy.throttles
        let guardPolicy = throttles.pumping
        let region = number.regionCode
        var limits = NumberLimits()
        if let limit = guardPolicy.perCountry {
            limits.append(
                "country:\(region ?? "none")", limit, .countryVelocity, enforced: !guardPolicy.logOnly)
        }
        if let limit = guardPolicy.perPrefix {
            let prefix = e164.dropFirst().prefix(guardPolicy.prefixDigits)
            limits.append("prefix:\(prefix)", limit, .prefixVelocity, enforced: !guardPolicy.logOnly)
        }
        if let cooldown = throttles.resendCooldown {
            limits.append(
                "cooldown:\(e164)", RateLimit(count: 1, per: cooldown), .resendCooldown, enforced: true)
        }
        if let limit = throttles.perNumber {
            limits.append("number:\(e164)", limit, .perNumber, enforced: true)
        }
        return limits
    }

    /// A number's limits in the order they are taken (country, prefix, cooldown, number), with
    /// the rule each one stands for; ``create(_:steps:limits:caller:)`` takes them in the same
    /// store operation that stores the verification.
    struct NumberLimits: Sendable {
        var requests: [LimitRequest] = []
        /// The rule of each request. A number takes at most four limits, one of each kind, so
        /// they are kept inline: no array is allocated for a start.
        private var rules = InlineArray<4, ThrottleRule>(repeating: .perNumber)

        mutating func append(_ key: String, _ limit: RateLimit, _ rule: ThrottleRule, enforced: Bool) {
            rules[requests.count] = rule
            requests.append(LimitRequest(key: key, limit: limit, enforced: enforced))
        }

        /// The rule of request `index`.
        func rule(at index: Int) -> ThrottleRule { rules[index] }
    }

    private nonisolated(nonsending) func take(
        _ key: String, _ limit: RateLimit, _ rule: ThrottleRule, flow: VerificationFlow, region: String?,
        now: Timestamp, logOnly: Bool = false
    ) async throws(VerificationError) {
        let decision = try await run { () async throws(VerificationStoreError) in
            try await store.acquire(key, limit: limit, now: now)
        }
        guard case .refused(let retryAfter) = decision else { return }
        await emit(.throttled(rule, enforced: !logOnly), nil, flow, region, at: now)
        if !logOnly { throw .throttled(rule, retryAfter: retryAfter) }
    }

    private nonisolated(nonsending) func refuse(
        _ rule: ThrottleRule, flow: VerificationFlow, region: String?, now: Timestamp, logOnly: Bool
    ) async throws(VerificationError) {
        await emit(.throttled(rule, enforced: !logOnly), nil, flow, region, at: now)
        if !logOnly { throw .throttled(rule, retryAfter: nil) }
    }

    /// The store's key for a caller's idempotency key: scoped by provider and account.
    func idempotencyKey(_ caller: Caller, flow: VerificationFlow) -> String? {
        caller.idempotencyKey.map { "\(flow.provider):\(caller.account):\($0)" }
    }

    /// Reserves the caller's idempotency key (if any) for a start about to create `id`, before any
    /// throttle is charged. Returns the first verification when this start is a repeat.
    nonisolated(nonsending) func reserve(
        _ caller: Caller, flow: VerificationFlow, id: String, now: Timestamp
    ) async throws(VerificationError) -> VerificationRecord? {
        guard let key = idempotencyKey(caller, flow: flow) else { return nil }
        let claim = IdempotencyClaim(key: key, expiresAt: now.adding(policy.idempotencyWindow))
        let reservation = try await run { () async throws(VerificationStoreError) in
            try await store.reserve(claim, verificationID: id, now: now)
        }
        switch reservation {
        case .reserved: return nil
        case .existing(let record): return record
        case .inProgress: throw .idempotencyConflict
        }
    }

    /// Frees the key reserved for `id` when the start ends before storing anything, so that a
    /// repeat is judged afresh (and answered the same way).
    nonisolated(nonsending) func release(_ caller: Caller, flow: VerificationFlow, id: String) async {
        guard let key = idempotencyKey(caller, flow: flow) else { return }
        try? await store.release(key, verificationID: id)
    }

    /// Runs the checks before a start stores anything; a refusal frees the reserved key.
    nonisolated(nonsending) func beforeCreating<T>(
        _ caller: Caller, flow: VerificationFlow, id: String, _ body: () async throws(VerificationError) -> T
    ) async throws(VerificationError) -> T {
        do {
            return try await body()
        } catch {
            await release(caller, flow: flow, id: id)
            throw error
        }
    }

    /// Takes the number's limits and stores the verification with its steps, in one store
    /// operation. An enforced limit's refusal frees the idempotency key and throws
    /// ``VerificationError/throttled(_:retryAfter:)``; every refusal, log-only ones too, is an event.
    nonisolated(nonsending) func create(
        _ record: VerificationRecord, steps: [ScheduledStep], limits: NumberLimits, caller: Caller
    ) async throws(VerificationError) {
        let outcome = try await run { () async throws(VerificationStoreError) in
            try await store.insert(record, steps: steps, takingFrom: limits.requests, now: record.createdAt)
        }
        let region = record.region.isEmpty ? nil : record.region
        for (index, decision) in outcome.decisions.enumerated() {
            guard case .refused(let retryAfter) = decision else { continue }
            let rule = limits.rule(at: index)
            let enforced = limits.requests[index].enforced
            await emit(.throttled(rule, enforced: enforced), nil, record.flow, region, at: record.createdAt)
            if enforced {
                await release(caller, flow: record.flow, id: record.id)
                throw .throttled(rule, retryAfter: retryAfter)
            }
        }
        await emit(.started, record.id, record.flow, record.region, at: record.createdAt)
    }

    /// Hands one message to the channel and records the result. Returns whether it was accepted.
    nonisolated(nonsending) func deliver(_ message: OutboundMessage, flow: VerificationFlow, region: String)
        async -> Bool
    {
        do throws(DeliveryFailure) {
            try await channel.deliver(message)
            await emit(.sent(message.kind), message.verificationID, flow, region, at: clock.now())
            return true
        } catch {
            await emit(
                .deliveryFailed(message.kind, reason: error.identifier), message.verificationID, flow, region,
                at: clock.now())
            return false
        }
    }

    /// Checks one entry against a verification in one atomic store operation
    /// (``VerificationStore/checkEntry(id:digests:exhaustedState:now:)``): the attempt is counted,
    /// the entry's digest compared in constant time, and a match approves it; the code never
    /// reaches the store, only its HMAC under each generation the flow can reach.
    nonisolated(nonsending) func check(id: String, entry: String, flow: VerificationFlow)
        async throws(VerificationError)
        -> CheckResult
    {
        let now = clock.now()
        let digests = EntryDigests(generations: Self.codeGenerations(flow), keys: keys, id: id, entry: entry)
        let result = try await run { () async throws(VerificationStoreError) in
            try await store.checkEntry(
                id: id, digests: digests, exhaustedState: flow == .idenfy ? .locked : .rejected, now: now)
        }
        switch result {
        case .approved: return .approved
        case .wrong: return .refused(.wrongCode)
        case .refused(let refusal): return .refused(RejectionReason(refusal))
        }
    }

    /// How many codes a verification of `flow` can have in turn: iDenfy's ladder replaces the
    /// first code once (the call at 5:00, ``ScheduledStep/Kind/callNewCode``); PhoneMatch keeps one.
    static func codeGenerations(_ flow: VerificationFlow) -> Int {
        flow == .idenfy ? 2 : 1
    }

    /// What ``check(id:entry:flow:)`` decided.
    enum CheckResult: Sendable, Hashable {
        case approved
        case refused(RejectionReason)
    }

    /// Records the outcome of a check as an event and returns whether it approved.
    nonisolated(nonsending) func report(_ result: CheckResult, id: String, flow: VerificationFlow) async
        -> Bool
    {
        let now = clock.now()
        switch result {
        case .approved:
            await emit(.approved, id, flow, nil, at: now)
            return true
        case .refused(let reason):
            await emit(.rejected(reason), reason == .unknown ? nil : id, flow, nil, at: now)
            return false
        }
    }

    /// Removes rate-limit rows, idempotency keys and finished verifications that can no longer
    /// matter (kept for ``VerificationPolicy/retention``). Returns the rows removed.
    @discardableResult
    public func purge() async throws(VerificationError) -> Int {
        let now = clock.now()
        let cutoff = Timestamp(milliseconds: now.milliseconds - policy.retention.wholeMilliseconds)
        return try await run { () async throws(VerificationStoreError) in
            try await store.purge(now: now, finishedBefore: cutoff)
        }
    }
}
