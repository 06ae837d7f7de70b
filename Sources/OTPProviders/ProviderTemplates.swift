public import MessageTemplates

// The providers' SMS texts as MessageTemplates schemas and templates: PhoneMatch's `message`
// placeholders and iDenfy's fixed text.

extension TemplateSchema {
    /// The placeholders of the Veratad PhoneMatch SMS `message` option: `fn` (first name), `ln`
    /// (last name), `phone` and `pin`, in that slot order.
    public static let phoneMatch = TemplateSchema(trustedNames: ["fn", "ln", "phone", "pin"])

    /// The two variable parts of iDenfy's fixed SMS text: `sender` (the sender name) and `code`.
    public static let idenfy = TemplateSchema(trustedNames: ["sender", "code"])
}

extension CompiledTemplate {
    /// iDenfy's fixed SMS text, `{sender} code: {code}. Valid for 5 minutes.` (as in
    /// `The Sender code: 1234. Valid for 5 minutes.`), compiled against ``MessageTemplates/TemplateSchema/idenfy``.
    public static let idenfySMS = CompiledTemplate(
        trustedSegments: [
            .placeholder("sender"), .literal(" code: "), .placeholder("code"),
            .literal(". Valid for 5 minutes."),
        ],
        schema: .idenfy)

    /// The limits of ``idenfySMS``'s values: a sender name of at most 11 GSM-7 characters (the
    /// longest alphanumeric sender, 3GPP TS 23.040 §9.1.2.5; every name
    /// `IdenfySendSMSRequest.validate` accepts, at most 11 GSM-7 septets, fits) and a 4-digit code.
    public static let idenfySMSLimits: [String: SlotLimit] = ["sender": .gsm7(11), "code": .digits(4)]
}
