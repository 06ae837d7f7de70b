import MessageTemplates
public import OTPProviders
import PhoneNumbers

extension VerificationEngine {
    /// iDenfy send-sms: validates the request (document 003's field rules), sends
    /// `<sender_name> code: 1234. Valid for 5 minutes.` and schedules the ladder: at 2:00 a call
    /// with the same code (valid until 5:00), at 5:00 a call with a new code (valid until 10:00),
    /// then expiry. Returns the verification; its id is the `request_id`.
    ///
    /// A failed SMS does not end the request: the ladder's calls still follow.
    public func sendIdenfySMS(
        _ request: IdenfySendSMSRequest, caller: Caller
    ) async throws(VerificationError) -> VerificationRecord {
        let now = clock.now()
        let prepared: IdenfySendSMSRequest
        let number: PhoneNumber
        do {
            (prepared, number) = try request.preparedNumber(plan: plan)
        } catch {
            throw .invalidRequest(error)
        }
        // `prepared` checked that `phone_number` is the number's own E.164 form.
        let e164 = prepared.phoneNumber
        let id = random.idenfyRequestID()
        if caller.idempotencyKey != nil,
            let existing = try await reserve(caller, flow: .idenfy, id: id, now: now)
        {
            return existing
        }
        let limits: NumberLimits
        if startHasChecksBeforeLimits(caller) {
            limits = try await beforeCreating(caller, flow: .idenfy, id: id) {
                () async throws(VerificationError) -> NumberLimits in
                try await checkCallerLimits(caller, flow: .idenfy, now: now)
                return try await checkNumberLimits(number, e164: e164, kind: .sms, flow: .idenfy, now: now)
            }
        } else {
            limits = numberLimits(number, e164: e164)
        }
        let region = number.regionCode ?? ""

        let profile = policy.idenfy
        let code = codes.code(for: e164, digits: profile.codeDigits, using: random)
        let times = idenfyMilliseconds
        let firstExpiry = Timestamp(milliseconds: now.milliseconds + times.firstCode)
        let secondCall = firstExpiry
        let finalExpiry = Timestamp(milliseconds: secondCall.milliseconds + times.secondCode)
        let (digest, sealed) = try keys.digestAndSeal(code: code, id: id)
        let record = VerificationRecord(
            id: id, flow: .idenfy, account: caller.account, phoneNumber: e164, region: region, reference: nil,
            state: .pending, codeDigest: digest, codeGeneration: 1,
            attempts: 0, maxAttempts: profile.maxAttempts, createdAt: now, expiresAt: firstExpiry)
        let steps = [
            ScheduledStep(
                kind: .callSameCode, dueAt: Timestamp(milliseconds: now.milliseconds + times.sameCodeCall),
                sealedCode: sealed),
            ScheduledStep(kind: .callNewCode, dueAt: secondCall),
            ScheduledStep(kind: .expire, dueAt: finalExpiry),
        ]
        try await create(record, steps: steps, limits: limits, caller: caller)
        let sender = prepared.effectiveSenderName
        // The two values in a buffer on the stack: no `TemplateValues` or array for each start.
        let rendered = withUnsafeTemporaryAllocation(of: String.self, capacity: 2) { slots in
            slots.initialize(repeating: code)
            defer { slots.deinitialize() }
            slots[Self.idenfySenderSlot] = sender
            return try? CompiledTemplate.idenfySMS.render(slots: UnsafeBufferPointer(slots))
        }
        let text = rendered ?? "\(sender) code: \(code). Valid for 5 minutes."
        let message = OutboundMessage(
            id: "\(id)-1", verificationID: id, to: e164, kind: .sms, text: text, sender: sender,
            createdAt: now)
        _ = await deliver(message, flow: .idenfy, region: region)
        return record
    }

    /// The slot of `sender` in iDenfy's two-slot SMS template; the other is `code`.
    static let idenfySenderSlot = CompiledTemplate.idenfySMS.slotNames.firstIndex(of: "sender") ?? 0

    /// iDenfy verify-sms: `true` once, for the current code before it expires; `false` for a wrong
    /// code, an already verified request, an expired code, an unknown request or after too many
    /// wrong entries. The answer never says which; the event records it.
    public func verifyIdenfySMS(requestID: String, code: Secret) async throws(VerificationError) -> Bool {
        let folded = OTPEntry.normalize(code.reveal())
        let result = try await check(id: requestID, entry: folded, flow: .idenfy)
        guard observing else { return result == .approved }
        return await report(result, id: requestID, flow: .idenfy)
    }
}
