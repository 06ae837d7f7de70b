public import PhoneNumbers

extension IdenfySendSMSRequest {
    /// Every rule the request breaks, each naming its field; empty (and not allocated) when valid.
    ///
    /// - `phone_number`: required; E.164 format (the document's constraint), written as the number's
    ///   own E.164 form; a valid number of its region in `plan`.
    /// - `sender_name`: when present, not empty, only characters of GSM-7 (the default alphabet and
    ///   its extension table, 3GPP TS 23.038) and at most 11 GSM-7 septets: the name is shown as
    ///   the SMS's alphanumeric sender, which holds 11 septets (3GPP TS 23.040 §9.1.2.5); a
    ///   character of the extension table, such as `€`, takes two.
    public func validate(plan: NumberingPlan = .bundled) -> [ValidationIssue] {
        validate { PhoneCheck.parse(phoneNumber, region: nil, plan: plan) }
    }

    /// ``validate(plan:)`` with `phone_number` read, when it must be, by `parse`.
    private func validate(
        parsingPhoneNumber parse: () -> Result<PhoneNumber, PhoneNumberParseError>
    ) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if phoneNumber.isEmpty {
            issues.append(ValidationIssue(field: .phoneNumber, rule: .required))
        } else if !TextMeasure.isE164(phoneNumber) {
            issues.append(ValidationIssue(field: .phoneNumber, rule: .e164Format))
        } else if let rule = PhoneCheck.ruleForE164(phoneNumber, parsed: parse()) {
            issues.append(ValidationIssue(field: .phoneNumber, rule: rule))
        }
        if let senderName {
            if senderName.isEmpty {
                issues.append(ValidationIssue(field: .senderName, rule: .notEmpty))
            } else if let septets = TextMeasure.gsm7Septets(senderName) {
                if septets > Self.maximumSenderNameLength {
                    issues.append(
                        ValidationIssue(
                            field: .senderName, rule: .maximumLength(Self.maximumSenderNameLength)))
                }
            } else {
                issues.append(ValidationIssue(field: .senderName, rule: .gsm7Alphabet))
            }
        }
        return issues
    }

    /// The request as users' input should be sent: `phone_number` rewritten in E.164 when it
    /// parses (`(202) 555-0163` with region `US` becomes `+12025550163`); otherwise unchanged, for
    /// ``validate(plan:)`` to report.
    ///
    /// - Parameters:
    ///   - defaultRegion: the region of numbers written without `+` (read by `RegionCode`'s rule);
    ///     `nil` by default, since iDenfy asks for E.164.
    ///   - plan: the numbering plan.
    public func normalized(defaultRegion: String? = nil, plan: NumberingPlan = .bundled) -> Self {
        var copy = self
        if let e164 = PhoneCheck.e164(of: phoneNumber, region: defaultRegion, plan: plan) {
            copy.phoneNumber = e164
        }
        return copy
    }

    /// Normalizes, then validates: the request to send, or every issue.
    public func prepared(
        defaultRegion: String? = nil, plan: NumberingPlan = .bundled
    ) throws(ValidationFailure) -> Self {
        try preparedNumber(defaultRegion: defaultRegion, plan: plan).request
    }

    /// ``prepared(defaultRegion:plan:)`` with the number it validated, for a caller that goes on
    /// to use it: `phone_number` is read once when it is already E.164 (the usual request), twice
    /// when it had to be rewritten, never three times.
    package func preparedNumber(
        defaultRegion: String? = nil, plan: NumberingPlan
    ) throws(ValidationFailure) -> (request: Self, number: PhoneNumber) {
        var request = self
        let given = PhoneCheck.parse(phoneNumber, region: defaultRegion, plan: plan)
        // What `validate` reads: the E.164 text without a default region.
        var parsed: Result<PhoneNumber, PhoneNumberParseError>? = defaultRegion == nil ? given : nil
        if case .success(let number) = given {
            let e164 = number.e164
            if !e164.isEmpty, e164 != phoneNumber {
                request.phoneNumber = e164
                parsed = nil
            }
        }
        let phoneNumber = request.phoneNumber
        let read = parsed ?? PhoneCheck.parse(phoneNumber, region: nil, plan: plan)
        let issues = request.validate { read }
        guard issues.isEmpty, case .success(let number) = read else {
            throw ValidationFailure(issues: issues)
        }
        return (request, number)
    }
}
