/// A rate limit a start takes one unit from as it stores its verification.
public struct LimitRequest: Sendable, Hashable {
    /// The limit's key (`number:+12015550123`, `country:US`, …).
    public var key: String
    /// The limit.
    public var limit: RateLimit
    /// Whether a refusal stops the start; a log-only limit's refusal is only reported.
    public var enforced: Bool

    /// Creates a request.
    public init(key: String, limit: RateLimit, enforced: Bool = true) {
        self.key = key
        self.limit = limit
        self.enforced = enforced
    }
}

/// The answer to ``VerificationStore/insert(_:steps:takingFrom:now:)``.
public struct InsertOutcome: Sendable, Hashable {
    /// Each limit's decision, in order, up to the first refusal of an enforced one.
    public var decisions: [RateDecision]
    /// Whether the verification was stored: false exactly when the last decision is an enforced
    /// limit's refusal.
    public var stored: Bool

    /// Creates an outcome.
    public init(decisions: [RateDecision], stored: Bool) {
        self.decisions = decisions
        self.stored = stored
    }
}

extension VerificationStore {
    /// The step-by-step start for a store that does not provide its own: ``acquire(_:limit:now:)``
    /// for each limit in turn, then ``insert(_:steps:)``. Each step is atomic, so every limit
    /// still holds exactly; a store that does it in one operation saves the round trips.
    public func insert(
        _ record: VerificationRecord, steps: [ScheduledStep], takingFrom limits: [LimitRequest],
        now: Timestamp
    ) async throws(VerificationStoreError) -> InsertOutcome {
        var decisions: [RateDecision] = []
        for request in limits {
            let decision = try await acquire(request.key, limit: request.limit, now: now)
            decisions.append(decision)
            if request.enforced, case .refused = decision {
                return InsertOutcome(decisions: decisions, stored: false)
            }
        }
        try await insert(record, steps: steps)
        return InsertOutcome(decisions: decisions, stored: true)
    }
}
