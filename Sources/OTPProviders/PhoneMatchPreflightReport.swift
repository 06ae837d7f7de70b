public import MessageTemplates
public import PhoneNumbers

/// What PhoneMatch would most likely answer to a request, and why, predicted from the request and
/// the numbering plan before a paid call.
///
/// Line types are **plan-derived, not a carrier lookup** (``PlanDerivedLineType``): ported numbers
/// and fixed-line-or-mobile ranges can make the provider's answer differ from the prediction.
public struct PhoneMatchPreflightReport: Sendable, Hashable {
    /// The predicted answer.
    public let verdict: Verdict
    /// Every finding, in the order checked: number, line type, region, message.
    public let findings: [PhoneMatchPreflightFinding]
    /// The parsed `target.phone`, when it parsed.
    public let number: PhoneNumber?
    /// The number's line type from the plan (not a carrier lookup), when the number is valid.
    public let lineType: PlanDerivedLineType?
    /// The SMS message's encoding and segments, rendered with the target's values and a
    /// `pinLength`-digit code (the raw text when it is not a well-formed template), for
    /// `PhoneMatch5.0.SMS` requests with a message.
    public let messageLength: SMSAnalysis?

    /// Creates a report.
    public init(
        verdict: Verdict, findings: [PhoneMatchPreflightFinding], number: PhoneNumber?,
        lineType: PlanDerivedLineType?, messageLength: SMSAnalysis?
    ) {
        self.verdict = verdict
        self.findings = findings
        self.number = number
        self.lineType = lineType
        self.messageLength = messageLength
    }

    /// The predicted answer of the initial request.
    public enum Verdict: Sendable, Hashable {
        /// Nothing the documents say fails: expect PENDING (the documents show the detail as both
        /// MORE INFORMATION IS REQUIRED and TRANSACTION REQUIRES FURTHER ATTENTION). Warnings may
        /// still be listed.
        case expectPending
        /// Expect FAIL with this detail; `nil` when the documents name none (country filters).
        case expectFail(detail: PhoneMatchDetail?)
        /// The plan-derived line type cannot decide between PENDING and SUPPRESSED SENDING CODE.
        case undetermined
    }

    /// Whether the call is worth paying for: nothing predicts FAIL.
    public var isWorthSending: Bool {
        if case .expectFail = verdict { return false }
        return true
    }
}
