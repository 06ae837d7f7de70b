import PhoneNumbers

/// Phone-number steps shared by the providers' validation and normalization.
enum PhoneCheck {
    /// A default region as a user gives it, read by `RegionCode`'s rule (`uk` is `GB`); a code
    /// the plan does not know is passed on as given, for the parser to report as `unknown_region`.
    static func region(_ text: String?, plan: NumberingPlan) -> String? {
        guard let text else { return nil }
        return RegionCode(text, plan: plan)?.code ?? text
    }

    /// Parses the text with the default region read by ``region(_:plan:)``; the number or the
    /// parser's reason.
    static func parse(
        _ text: String, region: String?, plan: NumberingPlan
    ) -> Result<PhoneNumber, PhoneNumberParseError> {
        let region = Self.region(region, plan: plan)
        return Result { () throws(PhoneNumberParseError) -> PhoneNumber in
            try PhoneNumber(parsing: text, region: region, plan: plan)
        }
    }

    /// The rule the text breaks as a phone number, or `nil` when it is a valid number.
    static func rule(for text: String, region: String?, plan: NumberingPlan) -> ValidationRule? {
        switch parse(text, region: region, plan: plan) {
        case .success(let number): return number.isValid ? nil : .phoneNumberInvalid
        case .failure(let error): return .phoneNumberUnreadable(error)
        }
    }

    /// The rule an E.164 text breaks: unreadable, not a valid number, or not the number's own
    /// E.164 form (`+2540…` carries a trunk prefix that parsing drops, so the provider would get a
    /// different number than the one validated); `nil` when it is a valid number written canonically.
    /// `parsed` is the text as read without a default region.
    static func ruleForE164(
        _ text: String, parsed: Result<PhoneNumber, PhoneNumberParseError>
    ) -> ValidationRule? {
        switch parsed {
        case .success(let number):
            guard number.isValid else { return .phoneNumberInvalid }
            return number.e164 == text ? nil : .e164Format
        case .failure(let error): return .phoneNumberUnreadable(error)
        }
    }

    /// The E.164 form of the text, or `nil` when it does not parse.
    static func e164(of text: String, region: String?, plan: NumberingPlan) -> String? {
        guard case .success(let number) = parse(text, region: region, plan: plan) else { return nil }
        let e164 = number.e164
        return e164.isEmpty ? nil : e164
    }
}
