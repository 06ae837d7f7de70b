import MessageTemplates
public import PhoneNumbers

extension PhoneMatchInitialRequest {
    /// Every rule the request breaks, each naming its field; empty (and not allocated) when valid.
    ///
    /// - `user`, `pass`, `target.fn`, `target.ln`, `target.phone`: required (starred in the
    ///   Markdown document).
    /// - `service`: `PhoneMatch5.0.SMS` or `PhoneMatch5.0.Call` (the sample bodies).
    /// - `target.phone`: a valid number in `plan`, read with `settings.defaultRegion`.
    /// - `options.outofband.message`: SMS only; not empty when present; a well-formed template
    ///   (single-brace placeholders, `message_malformed`) that uses `{pin}` (`message_missing_pin`:
    ///   without it the user receives no code). Checked by
    ///   `TemplateParser.checkTemplate(_:dialect:uses:)`, the compiler's grammar without allocating.
    /// - `do_not_send_to_types[i]`: `mobile`, `landline` or `voip`.
    /// - `country.blacklist[i]`, `country.whitelist[i]`: ISO 3166-1 alpha-2 (two capital letters).
    ///
    /// Normalize first (``normalized(_:plan:)``) to accept input as users type it. What the
    /// provider would answer (line types, regions, the message) is ``preflight(_:plan:)``'s job.
    public func validate(
        _ settings: PhoneMatchNormalization = PhoneMatchNormalization(), plan: NumberingPlan = .bundled
    ) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if user.isEmpty { issues.append(ValidationIssue(field: .user, rule: .required)) }
        if password.isEmpty { issues.append(ValidationIssue(field: .pass, rule: .required)) }
        switch service {
        case .sms, .call: break
        case .unknown(let value):
            let rule: ValidationRule = value.isEmpty ? .required : .knownService
            issues.append(ValidationIssue(field: .service, rule: rule))
        }
        if target.firstName.isEmpty {
            issues.append(ValidationIssue(field: .targetFirstName, rule: .required))
        }
        if target.lastName.isEmpty {
            issues.append(ValidationIssue(field: .targetLastName, rule: .required))
        }
        if target.phone.isEmpty {
            issues.append(ValidationIssue(field: .targetPhone, rule: .required))
        } else if let rule = PhoneCheck.rule(for: target.phone, region: settings.defaultRegion, plan: plan) {
            issues.append(ValidationIssue(field: .targetPhone, rule: rule))
        }
        if let outOfBand = options?.outOfBand {
            validate(outOfBand, into: &issues)
        }
        return issues
    }

    private func validate(_ outOfBand: OutOfBand, into issues: inout [ValidationIssue]) {
        if let message = outOfBand.message {
            if service == .call {
                issues.append(ValidationIssue(field: .outOfBandMessage, rule: .smsOnly))
            } else if message.isEmpty {
                issues.append(ValidationIssue(field: .outOfBandMessage, rule: .notEmpty))
            } else {
                do throws(TemplateError) {
                    if !(try TemplateParser.checkTemplate(message, uses: "pin")) {
                        issues.append(ValidationIssue(field: .outOfBandMessage, rule: .messageMissingPIN))
                    }
                } catch {
                    issues.append(ValidationIssue(field: .outOfBandMessage, rule: .messageMalformed(error)))
                }
            }
        }
        for (index, type) in (outOfBand.doNotSendToTypes ?? []).enumerated() {
            if case .unknown = type {
                issues.append(ValidationIssue(field: .doNotSendToTypes(index: index), rule: .knownLineType))
            }
        }
        for (index, code) in (outOfBand.country?.blacklist ?? []).enumerated()
        where !TextMeasure.isISOAlpha2(code) {
            issues.append(ValidationIssue(field: .countryBlacklist(index: index), rule: .iso3166Alpha2))
        }
        for (index, code) in (outOfBand.country?.whitelist ?? []).enumerated()
        where !TextMeasure.isISOAlpha2(code) {
            issues.append(ValidationIssue(field: .countryWhitelist(index: index), rule: .iso3166Alpha2))
        }
    }

    /// Normalizes, then validates: the request to send, or every issue.
    public func prepared(
        _ settings: PhoneMatchNormalization = PhoneMatchNormalization(), plan: NumberingPlan = .bundled
    ) throws(ValidationFailure) -> Self {
        let request = normalized(settings, plan: plan)
        let issues = request.validate(settings, plan: plan)
        guard issues.isEmpty else { throw ValidationFailure(issues: issues) }
        return request
    }
}
