import MessageTemplates
import OTPProviders
import Testing

@Suite("The providers' SMS schemas and templates")
struct ProviderTemplateTests {
    @Test("ready-made schemas")
    func readyMade() {
        #expect(TemplateSchema.phoneMatch.names == ["fn", "ln", "phone", "pin"])
        #expect(TemplateSchema.idenfy.names == ["sender", "code"])
    }

    @Test("iDenfy's fixed text with an 11-character sender and a 4-digit code")
    func idenfy() throws {
        let template = CompiledTemplate.idenfySMS
        #expect(template.source(in: .singleBrace) == "{sender} code: {code}. Valid for 5 minutes.")
        var values = TemplateValues(for: .idenfy)
        values["sender"] = "The Sender"
        values["code"] = "1234"
        #expect(try template.render(values) == "The Sender code: 1234. Valid for 5 minutes.")
        let cost = try template.worstCaseCost(CompiledTemplate.idenfySMSLimits)
        #expect(cost.worstCase == SMSEstimate(encoding: .gsm7, maximumUnits: 29 + 22 + 4, segments: 1))
        let unicodeSender = try template.worstCaseCost(["sender": .unicode(11), "code": .digits(4)])
        #expect(
            unicodeSender.worstCase == SMSEstimate(encoding: .ucs2, maximumUnits: 29 + 22 + 4, segments: 1))
    }

    @Test("every sender name validation accepts fits the iDenfy SMS limits")
    func senderNamesFitTheLimits() throws {
        let limit = try #require(CompiledTemplate.idenfySMSLimits["sender"])
        for name in ["The Sender", "ABCDEFGHIJK", "ABCDEFGHI€", "Ørsted Bank", "{}[]~|^\\€"] {
            let issues = IdenfySendSMSRequest(phoneNumber: "+12015550123", senderName: name).validate()
            guard issues.isEmpty else { continue }
            #expect(name.unicodeScalars.count <= limit.maximumLength, "\(name)")
            #expect(limit.alphabet == .gsm7)
        }
    }
}
