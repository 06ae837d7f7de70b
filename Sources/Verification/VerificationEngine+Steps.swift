extension VerificationEngine {
    /// How long a claimed step is held before another worker may take it again.
    public static let stepLease: Duration = .seconds(60)

    /// Carries out every step due now (the iDenfy calls, expiries), each claimed by exactly one
    /// worker across all instances that share the store. Returns how many steps were done.
    ///
    /// A step whose worker dies before finishing is claimed again when its lease ends, and its
    /// message keeps the same id, so a channel can drop the repeat.
    @discardableResult
    public func runDueSteps(limit: Int = 100) async throws(VerificationError) -> Int {
        var done = 0
        while true {
            let now = clock.now()
            let claimed = try await run { () async throws(VerificationStoreError) in
                try await store.claimDueSteps(now: now, limit: limit, leaseUntil: now.adding(Self.stepLease))
            }
            for step in claimed {
                try await perform(step)
                try await run { () async throws(VerificationStoreError) in
                    try await store.completeStep(step.stepID)
                }
                done += 1
            }
            if claimed.count < limit { return done }
        }
    }

    /// Runs ``runDueSteps(limit:)`` every `interval` until the task is cancelled. Store failures
    /// are reported to `onError` and the loop goes on.
    public func runSteps(
        every interval: Duration, onError: @Sendable (VerificationError) -> Void = { _ in }
    ) async {
        while !Task.isCancelled {
            do throws(VerificationError) {
                try await runDueSteps()
            } catch {
                onError(error)
            }
            try? await Task.sleep(for: interval)
        }
    }

    private func perform(_ claimed: ClaimedStep) async throws(VerificationError) {
        let id = claimed.verificationID
        guard
            let record = try await run({ () async throws(VerificationStoreError) in
                try await store.verification(id: id)
            }), record.state == .pending
        else { return }
        let step = claimed.step
        switch step.kind {
        case .expire:
            if try await run({ () async throws(VerificationStoreError) in
                try await store.finish(
                    id: id, generation: record.codeGeneration, as: .expired, now: step.dueAt)
            }) {
                await emit(.expired, id, record.flow, record.region, at: clock.now())
            }
        case .callSameCode:
            guard let sealed = step.sealedCode, record.codeGeneration == 1, clock.now() < record.expiresAt
            else {
                return
            }
            await escalate(record, step: 1, code: try keys.open(sealed: sealed, id: id))
        case .callNewCode:
            let code = codes.code(for: record.phoneNumber, digits: policy.idenfy.codeDigits, using: random)
            let generation = record.codeGeneration + 1
            let replaced = try await run { () async throws(VerificationStoreError) in
                try await store.replaceCode(
                    id: id, generation: record.codeGeneration,
                    digest: keys.digest(id: id, generation: generation, code: code),
                    expiresAt: step.dueAt.adding(policy.idenfy.secondCodeLifetime))
            }
            guard replaced else { return }
            await escalate(record, step: 2, code: code)
        }
    }

    /// Ladder step `step`: the event, then a call that reads `code`. The message id (`-2` for the
    /// first call, `-3` for the second) stays the same if a lapsed lease makes the step run again.
    private func escalate(_ record: VerificationRecord, step: Int, code: String) async {
        let now = clock.now()
        await emit(.escalated(step: step), record.id, record.flow, record.region, at: now)
        _ = await deliver(
            OutboundMessage(
                id: "\(record.id)-\(step + 1)", verificationID: record.id, to: record.phoneNumber,
                kind: .call,
                text: VoiceScript.render(code: code), sender: nil, createdAt: now),
            flow: record.flow, region: record.region)
    }
}
