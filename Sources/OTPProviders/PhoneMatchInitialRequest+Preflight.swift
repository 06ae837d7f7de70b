import MessageTemplates
public import PhoneNumbers

extension PhoneMatchInitialRequest {
    /// Predicts the provider's answer before a paid call, from the request and the numbering plan.
    ///
    /// Checks, in order, each from the documents' rules and tables:
    /// 1. `target.phone` parses and is valid, else FAIL / DATA CHECK FAILED.
    /// 2. The plan-derived line type against `do_not_send_to_types` (`mobile` ↔ mobile,
    ///    `landline` ↔ fixed line, `voip` ↔ VoIP), else FAIL / SUPPRESSED SENDING CODE; a
    ///    fixed-line-or-mobile number is reported as ambiguous, not guessed. **Plan-derived, not
    ///    a carrier lookup**: ported numbers may differ.
    /// 3. The number's region against `country.blacklist` and a non-empty `country.whitelist`.
    /// 4. SMS only: the message compiled against `TemplateSchema.phoneMatch` (ProviderTemplates.swift)
    ///    (placeholders `fn`, `ln`, `phone`, `pin`), rendered with the target's values, and its
    ///    SMS segments (MessageTemplates' `SMSAnalysis`) against `options.maximumSegments`.
    public func preflight(
        _ options: PhoneMatchPreflightOptions = PhoneMatchPreflightOptions(),
        plan: NumberingPlan = .bundled
    ) -> PhoneMatchPreflightReport {
        switch PhoneCheck.parse(target.phone, region: options.normalization.defaultRegion, plan: plan) {
        case .success(let number):
            preflight(facts: .success(PreflightNumberFacts(number)), number: number, options: options)
        case .failure(let error):
            preflight(facts: .failure(error), number: nil, options: options)
        }
    }

    /// The pre-flight for what the plan says about `target.phone` (the seam tests use to pin a
    /// number's validity, type and region without parsing).
    package func preflight(
        facts: Result<PreflightNumberFacts, PhoneNumberParseError>, number: PhoneNumber?,
        options: PhoneMatchPreflightOptions
    ) -> PhoneMatchPreflightReport {
        var findings: [PhoneMatchPreflightFinding] = []
        var lineType: PlanDerivedLineType?
        let outOfBand = self.options?.outOfBand
        switch facts {
        case .failure(let error):
            findings.append(.phoneNumberUnreadable(error))
        case .success(let facts):
            if !facts.isValid {
                findings.append(.phoneNumberInvalid)
            } else {
                let type = PlanDerivedLineType(facts.type)
                lineType = type
                if let finding = Self.lineTypeFinding(type, blocked: outOfBand?.doNotSendToTypes ?? []) {
                    findings.append(finding)
                }
                Self.regionFindings(facts.regionCode, outOfBand?.country, into: &findings)
            }
        }
        var messageLength: SMSAnalysis?
        if service == .sms, let message = outOfBand?.message {
            messageLength = measure(message, options: options, into: &findings)
        }
        return PhoneMatchPreflightReport(
            verdict: Self.verdict(findings), findings: findings, number: number, lineType: lineType,
            messageLength: messageLength)
    }

    private static func lineTypeFinding(
        _ type: PlanDerivedLineType, blocked: [PhoneMatchLineType]
    ) -> PhoneMatchPreflightFinding? {
        guard blocked.contains(where: { $0.planType != nil }) else { return nil }
        if type.candidates.isEmpty { return .lineTypeUnmapped(type) }
        let blockedCount = type.candidates.count(where: { blocked.contains($0) })
        if blockedCount == 0 { return nil }
        return blockedCount == type.candidates.count ? .lineTypeSuppressed(type) : .lineTypeAmbiguous(type)
    }

    private static func regionFindings(
        _ region: String?, _ filter: CountryFilter?, into findings: inout [PhoneMatchPreflightFinding]
    ) {
        guard let filter else { return }
        if let region, let blacklist = filter.blacklist,
            blacklist.contains(where: { ASCIICase.regionCode($0) == region })
        {
            findings.append(.regionBlacklisted(region: region))
        }
        if let whitelist = filter.whitelist, !whitelist.isEmpty {
            let listed = region.map { region in
                whitelist.contains(where: { ASCIICase.regionCode($0) == region })
            }
            if listed != true { findings.append(.regionNotWhitelisted(region: region)) }
        }
    }

    /// Compiles the message against ``TemplateSchema/phoneMatch``, renders it with
    /// the target's values and `pinLength` digits, and measures it with ``SMSAnalysis``.
    private func measure(
        _ message: String, options: PhoneMatchPreflightOptions,
        into findings: inout [PhoneMatchPreflightFinding]
    ) -> SMSAnalysis {
        let template: CompiledTemplate
        do {
            template = try CompiledTemplate(message, schema: .phoneMatch)
        } catch .unknownName {
            // Compile without the schema to list every unknown name, not only the first.
            guard let loose = try? CompiledTemplate(message) else { return SMSAnalysis(message) }
            for name in loose.slotNames where TemplateSchema.phoneMatch.slot(of: name) == nil {
                findings.append(.unknownPlaceholder(name: name))
            }
            template = loose
        } catch {
            findings.append(.templateError(error))
            return SMSAnalysis(message)
        }
        if !template.usedSlots.contains(where: { template.name(ofSlot: $0) == "pin" }) {
            findings.append(.missingPINPlaceholder)
        }
        var values = TemplateValues(for: template)
        for (slot, name) in template.slotNames.enumerated() {
            switch name {
            case "fn": values[slot: slot] = target.firstName
            case "ln": values[slot: slot] = target.lastName
            case "phone": values[slot: slot] = target.phone
            case "pin": values[slot: slot] = String(repeating: "0", count: max(0, options.pinLength))
            default: values[slot: slot] = "{" + name + "}"  // assumed sent as written
            }
        }
        let analysis = SMSAnalysis((try? template.render(values)) ?? message)
        if analysis.segments > options.maximumSegments {
            findings.append(
                .messageTooLong(
                    segments: analysis.segments, limit: options.maximumSegments, encoding: analysis.encoding))
        }
        return analysis
    }

    private static func verdict(_ findings: [PhoneMatchPreflightFinding]) -> PhoneMatchPreflightReport.Verdict
    {
        if let failing = findings.first(where: { $0.severity == .fail }) {
            return .expectFail(detail: failing.expectedDetail)
        }
        if findings.contains(where: { $0.severity == .undetermined }) { return .undetermined }
        return .expectPending
    }
}
