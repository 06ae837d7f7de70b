import MessageTemplates
public import OTPProviders
import PhoneNumbers

/// The answer to a PhoneMatch initial request.
public enum PhoneMatchStartOutcome: Sendable, Hashable {
    /// PENDING: the code went out; the verification's id is the continuation token.
    case pending(VerificationRecord)
    /// FAIL with the documents' detail and the engine's reason.
    case fail(PhoneMatchDetail, RejectionReason?, VerificationRecord?)
}

/// The answer to a PhoneMatch continue.
public struct PhoneMatchContinueOutcome: Sendable, Hashable {
    /// PASS / ALL CHECKS PASSED (`key_matched: true`), else FAIL / FAILED OUT-OF-BAND CHECK.
    public var passed: Bool
    /// Why it failed (for audit and metrics; the answer does not say).
    public var reason: RejectionReason?
    /// The verification, when the token named one.
    public var verification: VerificationRecord?
}

/// The base ruleset's answer for a number, before anything is sent.
enum RuleCheck: Sendable {
    case passed(PhoneNumber, VerificationEngine.NumberLimits)
    case failed(RejectionReason)
}

extension VerificationEngine {
    /// PhoneMatch5.0.SMS or .Call initial request, by the documents' base ruleset, in order:
    /// 1. `target.phone` valid (read with ``PhoneMatchProfile/defaultRegion``), else FAIL /
    ///    DATA CHECK FAILED;
    /// 2. the plan-derived line type against `do_not_send_to_types`, and the number's region against
    ///    `country.blacklist` / `whitelist`, else FAIL / SUPPRESSED SENDING CODE (a
    ///    fixed-line-or-mobile number is suppressed only when both `landline` and `mobile` are listed);
    /// 3. the throttles (a typed refusal, not a FAIL);
    /// 4. the code is delivered (SMS text from `options.outofband.message`, or a voice script), else
    ///    FAIL / FAILED TO SEND TO NUMBER; otherwise PENDING with the token.
    public func startPhoneMatch(
        _ request: PhoneMatchInitialRequest, caller: Caller
    ) async throws(VerificationError) -> PhoneMatchStartOutcome {
        let now = clock.now()
        let flow: VerificationFlow = request.service == .call ? .phoneMatchCall : .phoneMatchSMS
        let template = try Self.phoneMatchTemplate(request, flow: flow, profile: policy.phoneMatch)
        let id = random.phoneMatchToken()
        if let existing = try await reserve(caller, flow: flow, id: id, now: now) {
            return existing.state == .deliveryFailed
                ? .fail(.failedToSendToNumber, nil, existing) : .pending(existing)
        }
        let checked = try await beforeCreating(caller, flow: flow, id: id) {
            () async throws(VerificationError) -> RuleCheck in
            try await checkCallerLimits(caller, flow: flow, now: now)
            let options = PhoneMatchPreflightOptions(
                normalization: PhoneMatchNormalization(defaultRegion: policy.phoneMatch.defaultRegion))
            let report = request.preflight(options, plan: plan)
            guard let number = report.number, number.isValid else { return .failed(.invalidNumber) }
            let suppressed = report.findings.contains {
                switch $0 {
                case .lineTypeSuppressed, .regionBlacklisted, .regionNotWhitelisted: true
                default: false
                }
            }
            if suppressed { return .failed(.suppressed) }
            let limits = try await checkNumberLimits(
                number, e164: number.e164, kind: flow == .phoneMatchCall ? .call : .sms, flow: flow, now: now)
            return .passed(number, limits)
        }
        let number: PhoneNumber
        let limits: NumberLimits
        switch checked {
        case .passed(let valid, let taken):
            number = valid
            limits = taken
        case .failed(let reason):
            await release(caller, flow: flow, id: id)
            await emit(.rejected(reason), nil, flow, nil, at: now)
            return .fail(reason == .invalidNumber ? .dataCheckFailed : .suppressedSendingCode, reason, nil)
        }
        let region = number.regionCode ?? ""
        let e164 = number.e164
        let kind: DeliveryKind = flow == .phoneMatchCall ? .call : .sms
        let code = codes.code(for: e164, digits: policy.phoneMatch.codeDigits, using: random)
        let expiresAt = now.adding(policy.phoneMatch.lifetime)
        let record = VerificationRecord(
            id: id, flow: flow, account: caller.account, phoneNumber: e164, region: region,
            reference: request.reference, state: .pending,
            codeDigest: keys.digest(id: id, generation: 1, code: code),
            codeGeneration: 1, attempts: 0, maxAttempts: policy.phoneMatch.maxAttempts, createdAt: now,
            expiresAt: expiresAt)
        try await create(
            record, steps: [ScheduledStep(kind: .expire, dueAt: expiresAt)], limits: limits, caller: caller)
        let text: String
        switch template {
        case .some(let template):
            text = Self.renderPhoneMatch(template, request: request, code: code)
        case .none:
            text = VoiceScript.render(code: code)
        }
        let message = OutboundMessage(
            id: "\(id)-1", verificationID: id, to: e164, kind: kind, text: text, sender: nil, createdAt: now)
        if await deliver(message, flow: flow, region: region) {
            return .pending(record)
        }
        _ = try await run { () async throws(VerificationStoreError) in
            try await store.finish(id: id, generation: 1, as: .deliveryFailed, now: clock.now())
        }
        var failed = record
        failed.state = .deliveryFailed
        return .fail(.failedToSendToNumber, nil, failed)
    }

    /// PhoneMatch continue: the user's entry for the token. PASS when it matches the code that was
    /// sent, the code has not expired and the token has not been used up; FAIL otherwise (an
    /// unknown, used or expired token is FAIL too: the answer never says which).
    public func continuePhoneMatch(token: String, entry: Secret) async throws(VerificationError)
        -> PhoneMatchContinueOutcome
    {
        let folded = OTPEntry.normalize(entry.reveal())
        let result = try await check(id: token, entry: folded, flow: .phoneMatchSMS)
        let record = try await run { () async throws(VerificationStoreError) in
            try await store.verification(id: token)
        }
        let flow = record?.flow ?? .phoneMatchSMS
        let passed = await report(result, id: token, flow: flow)
        if case .refused(let reason) = result {
            return PhoneMatchContinueOutcome(passed: false, reason: reason, verification: record)
        }
        return PhoneMatchContinueOutcome(passed: passed, reason: nil, verification: record)
    }

    /// The compiled SMS template (nil for a call). Unknown placeholders are sent as written, as
    /// the pre-flight assumes; a message without `{pin}` or one that does not compile is refused.
    static func phoneMatchTemplate(
        _ request: PhoneMatchInitialRequest, flow: VerificationFlow, profile: PhoneMatchProfile
    ) throws(VerificationError) -> CompiledTemplate? {
        guard flow == .phoneMatchSMS else { return nil }
        let text = request.options?.outOfBand?.message ?? profile.defaultMessage
        let template: CompiledTemplate
        do {
            template = try CompiledTemplate(text)
        } catch {
            throw .invalidMessage(.malformed(error.identifier))
        }
        guard template.slotNames.contains("pin") else { throw .invalidMessage(.missingPIN) }
        return template
    }

    static func renderPhoneMatch(
        _ template: CompiledTemplate, request: PhoneMatchInitialRequest, code: String
    )
        -> String
    {
        var values = TemplateValues(for: template)
        for (slot, name) in template.slotNames.enumerated() {
            switch name {
            case "fn": values[slot: slot] = request.target.firstName
            case "ln": values[slot: slot] = request.target.lastName
            case "phone": values[slot: slot] = request.target.phone
            case "pin": values[slot: slot] = code
            default: values[slot: slot] = "{" + name + "}"
            }
        }
        return (try? template.render(values)) ?? code
    }
}
