public import MessageTemplates
public import PhoneNumbers

/// One reason, found before a paid call, why PhoneMatch would not send the code as intended.
public enum PhoneMatchPreflightFinding: Sendable, Hashable {
    /// `target.phone` is not a phone number: the provider answers FAIL / DATA CHECK FAILED
    /// ("The phone number is invalid and the code could not be sent").
    case phoneNumberUnreadable(PhoneNumberParseError)
    /// `target.phone` matches no pattern of its region: FAIL / DATA CHECK FAILED.
    case phoneNumberInvalid
    /// The plan-derived line type is in `do_not_send_to_types`: FAIL / SUPPRESSED SENDING CODE.
    /// Plan-derived, not a carrier lookup (see ``PlanDerivedLineType``).
    case lineTypeSuppressed(PlanDerivedLineType)
    /// The plan cannot tell whether the number is a landline or a mobile, and only one of them is
    /// in `do_not_send_to_types`: the provider may answer FAIL / SUPPRESSED SENDING CODE or send.
    case lineTypeAmbiguous(PlanDerivedLineType)
    /// The plan's type (toll-free, premium rate, ...) has no documented PhoneMatch line type while
    /// `do_not_send_to_types` is not empty: the provider's classification cannot be predicted.
    case lineTypeUnmapped(PlanDerivedLineType)
    /// The number's region is in `country.blacklist`: the provider does not send (FAIL; the
    /// documents name no detail for it).
    case regionBlacklisted(region: String)
    /// `country.whitelist` is not empty and the number's region (`nil`: none, e.g. a
    /// non-geographic number) is not in it: FAIL, detail not named by the documents.
    case regionNotWhitelisted(region: String?)
    /// `{name}` in the message is neither a target attribute (`fn`, `ln`, `phone`) nor `pin`
    /// (`TemplateSchema.phoneMatch`); one finding per distinct name.
    case unknownPlaceholder(name: String)
    /// The message is not a well-formed `{name}` template (MessageTemplates' single-brace dialect:
    /// an unclosed `{`, a lone `}`, an empty or malformed name).
    case templateError(TemplateError)
    /// The message has no `{pin}`: the user would receive no code.
    case missingPINPlaceholder
    /// The message, rendered with the target's values and a `pinLength`-digit code, needs more SMS
    /// segments than the gateway accepts (3GPP TS 23.038 alphabets, 3GPP TS 23.040 segment sizes,
    /// as MessageTemplates' `SMSAnalysis` counts them).
    case messageTooLong(segments: Int, limit: Int, encoding: SMSEncoding)

    /// How sure the prediction is, and whether it stops the code.
    public enum Severity: Sendable, Hashable {
        /// The documents say the provider answers FAIL; the call would be wasted.
        case fail
        /// The provider may answer FAIL; the numbering plan alone cannot tell.
        case undetermined
        /// The provider would send, but not the message you meant (or not through your gateway).
        case warning
    }

    /// How sure the prediction is.
    public var severity: Severity {
        switch self {
        case .phoneNumberUnreadable, .phoneNumberInvalid, .lineTypeSuppressed, .regionBlacklisted,
            .regionNotWhitelisted:
            .fail
        case .lineTypeAmbiguous, .lineTypeUnmapped: .undetermined
        case .unknownPlaceholder, .templateError, .missingPINPlaceholder, .messageTooLong: .warning
        }
    }

    /// The `result.action` the provider is expected to answer, when the documents say.
    public var expectedAction: PhoneMatchAction? { severity == .fail ? .fail : nil }

    /// The `result.detail` the provider is expected to answer, when the documents name it.
    public var expectedDetail: PhoneMatchDetail? {
        switch self {
        case .phoneNumberUnreadable, .phoneNumberInvalid: .dataCheckFailed
        case .lineTypeSuppressed: .suppressedSendingCode
        default: nil
        }
    }

    /// The request field that causes the finding.
    public var field: ProviderField {
        switch self {
        case .phoneNumberUnreadable, .phoneNumberInvalid: .targetPhone
        case .lineTypeSuppressed, .lineTypeAmbiguous, .lineTypeUnmapped: .doNotSendToTypes(index: nil)
        case .regionBlacklisted: .countryBlacklist(index: nil)
        case .regionNotWhitelisted: .countryWhitelist(index: nil)
        case .unknownPlaceholder, .templateError, .missingPINPlaceholder, .messageTooLong: .outOfBandMessage
        }
    }

    /// A readable sentence: the field, what was found and what the provider would answer.
    public var message: String {
        let text: String
        switch self {
        case .phoneNumberUnreadable(let error):
            text = "is not a phone number (\(error)): expect FAIL / DATA CHECK FAILED"
        case .phoneNumberInvalid:
            text = "is not a valid number in its numbering plan: expect FAIL / DATA CHECK FAILED"
        case .lineTypeSuppressed(let type):
            text =
                "contains the number's line type (\(type.planType.identifier)): expect FAIL / "
                + "SUPPRESSED SENDING CODE; " + PlanDerivedLineType.caveat
        case .lineTypeAmbiguous(let type):
            text =
                "contains only one of landline and mobile and the plan says \(type.planType.identifier): "
                + "the provider may suppress the code; " + PlanDerivedLineType.caveat
        case .lineTypeUnmapped(let type):
            text =
                "is not empty and the number is \(type.planType.identifier), which has no documented "
                + "PhoneMatch line type: the provider may suppress the code"
        case .regionBlacklisted(let region):
            text = "contains the number's region \(region): expect FAIL (detail not documented)"
        case .regionNotWhitelisted(let region):
            text =
                "does not contain the number's region \(region ?? "(none)"): expect FAIL (detail not documented)"
        case .unknownPlaceholder(let name):
            text = "uses {\(name)}, which is not fn, ln, phone or pin"
        case .templateError(let error):
            text = "is not a well-formed {name} template: \(error)"
        case .missingPINPlaceholder:
            text = "has no {pin}: the user would receive no code"
        case .messageTooLong(let segments, let limit, let encoding):
            text = "needs \(segments) \(encoding) SMS segments; the gateway accepts \(limit)"
        }
        return field.path + " " + text
    }
}

extension PhoneMatchPreflightFinding: CustomStringConvertible {
    /// The readable message.
    public var description: String { message }
}
