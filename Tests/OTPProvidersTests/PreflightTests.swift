import MessageTemplates
import OTPProviders
import PhoneNumbers
import Testing

/// Pre-flight outcomes. Numbers are given as what the plan would say about them (validity, type,
/// region), so these tests do not depend on the parser; the last ones parse the seed sample for real.
@Suite("PhoneMatch pre-flight")
struct PreflightTests {
    typealias Finding = PhoneMatchPreflightFinding
    typealias Verdict = PhoneMatchPreflightReport.Verdict

    typealias Facts = PreflightNumberFacts

    static func number(_ region: String?, _ type: PhoneNumberType) -> Facts {
        Facts(isValid: type != .unknown, type: type, regionCode: region)
    }

    static let usNumber = number("US", .fixedLineOrMobile)  // +1 201 510 6000
    static let gbMobile = number("GB", .mobile)  // +44 7400 123456
    static let gbFixed = number("GB", .fixedLine)  // +44 20 7946 0958
    static let gbVoip = number("GB", .voip)  // +44 56 0012 3456
    static let gbTollFree = number("GB", .tollFree)  // +44 800 123 4567
    static let invalid = number("GB", .unknown)
    static let nonGeographic = number("001", .voip)  // +882 …

    static func request(
        service: PhoneMatchService = .sms, blocked: [PhoneMatchLineType]? = nil,
        country: PhoneMatchInitialRequest.CountryFilter? = nil,
        message: String? = "Hello {fn}, your one-time password is {pin}", firstName: String = "John"
    ) -> PhoneMatchInitialRequest {
        PhoneMatchInitialRequest(
            user: "u", password: Secret("p"), service: service,
            options: .init(outOfBand: .init(message: message, doNotSendToTypes: blocked, country: country)),
            target: .init(firstName: firstName, lastName: "Smith", phone: "2015106000"))
    }

    static func preflight(
        _ request: PhoneMatchInitialRequest, _ number: Facts,
        options: PhoneMatchPreflightOptions = PhoneMatchPreflightOptions()
    ) -> PhoneMatchPreflightReport {
        request.preflight(facts: .success(number), number: nil, options: options)
    }

    @Test(
        "line type against do_not_send_to_types (plan-derived, not a carrier lookup)",
        arguments: [
            (gbMobile, [PhoneMatchLineType.mobile], Finding?.some(.lineTypeSuppressed(.init(.mobile)))),
            (gbMobile, [.landline, .voip], nil),
            (gbFixed, [.landline], .lineTypeSuppressed(.init(.fixedLine))),
            (gbFixed, [.mobile], nil),
            (gbVoip, [.voip], .lineTypeSuppressed(.init(.voip))),
            (gbVoip, [.mobile, .landline], nil),
            // +1: the plan cannot tell fixed line from mobile.
            (usNumber, [.mobile], .lineTypeAmbiguous(.init(.fixedLineOrMobile))),
            (usNumber, [.landline], .lineTypeAmbiguous(.init(.fixedLineOrMobile))),
            (usNumber, [.mobile, .landline], .lineTypeSuppressed(.init(.fixedLineOrMobile))),
            (usNumber, [.voip], nil),
            (usNumber, [], nil),
            // Types the documents do not name.
            (gbTollFree, [.mobile], .lineTypeUnmapped(.init(.tollFree))),
            (gbTollFree, [], nil),
            (gbTollFree, [.unknown("fax")], nil),
        ] as [(Facts, [PhoneMatchLineType], Finding?)])
    func lineType(_ number: Facts, blocked: [PhoneMatchLineType], expected: Finding?) {
        let report = Self.preflight(Self.request(blocked: blocked), number)
        #expect(report.findings == (expected.map { [$0] } ?? []))
        #expect(report.lineType == PlanDerivedLineType(number.type))
        switch expected?.severity {
        case .fail?: #expect(report.verdict == .expectFail(detail: .suppressedSendingCode))
        case .undetermined?: #expect(report.verdict == .undetermined)
        default: #expect(report.verdict == .expectPending)
        }
    }

    @Test("plan types map to the documents' line types")
    func mapping() {
        #expect(PlanDerivedLineType(.fixedLine).candidates == [.landline])
        #expect(PlanDerivedLineType(.mobile).candidates == [.mobile])
        #expect(PlanDerivedLineType(.voip).candidates == [.voip])
        #expect(PlanDerivedLineType(.fixedLineOrMobile).candidates == [.landline, .mobile])
        #expect(PlanDerivedLineType(.fixedLineOrMobile).isAmbiguous)
        #expect(PhoneMatchLineType.documented.map(\.planType) == [.mobile, .fixedLine, .voip])
        let unmapped: [PhoneNumberType] = [
            .tollFree, .premiumRate, .sharedCost, .personalNumber, .pager, .uan, .voicemail,
        ]
        #expect(unmapped.allSatisfy { PlanDerivedLineType($0).candidates.isEmpty })
        #expect(PlanDerivedLineType.caveat.contains("not a carrier lookup"))
    }

    @Test(
        "an invalid or unreadable number: FAIL / DATA CHECK FAILED",
        arguments: [
            Result<Facts, PhoneNumberParseError>.success(invalid), .failure(.notANumber),
            .failure(.tooShortNationalNumber),
        ])
    func invalidNumber(_ facts: Result<Facts, PhoneNumberParseError>) {
        let report = Self.request(blocked: [.mobile], country: .init(blacklist: ["GB"]))
            .preflight(facts: facts, number: nil, options: .init())
        #expect(report.verdict == .expectFail(detail: .dataCheckFailed))
        #expect(report.findings.count == 1)
        #expect(report.findings.first?.expectedDetail == .dataCheckFailed)
        #expect(report.findings.first?.field == .targetPhone)
        #expect(report.lineType == nil)
        #expect(!report.isWorthSending)
    }

    @Test(
        "region against country.blacklist and country.whitelist",
        arguments: [
            (
                gbMobile, PhoneMatchInitialRequest.CountryFilter(blacklist: ["GB"]),
                [Finding.regionBlacklisted(region: "GB")]
            ),
            (gbMobile, .init(blacklist: ["gb"]), [.regionBlacklisted(region: "GB")]),
            // RegionCode's rule: spaces around, either case, UK for GB.
            (gbMobile, .init(blacklist: [" uk "]), [.regionBlacklisted(region: "GB")]),
            (gbMobile, .init(whitelist: ["UK"]), []),
            (gbMobile, .init(blacklist: ["US"]), []),
            (gbMobile, .init(whitelist: ["US"]), [.regionNotWhitelisted(region: "GB")]),
            (gbMobile, .init(whitelist: ["US", "GB"]), []),
            (gbMobile, .init(whitelist: []), []),  // an empty whitelist restricts nothing
            (gbMobile, .init(blacklist: ["GB"], whitelist: ["GB"]), [.regionBlacklisted(region: "GB")]),
            (
                gbMobile, .init(blacklist: ["GB"], whitelist: ["US"]),
                [.regionBlacklisted(region: "GB"), .regionNotWhitelisted(region: "GB")]
            ),
            (nonGeographic, .init(whitelist: ["US"]), [.regionNotWhitelisted(region: "001")]),
            (
                number(nil, .fixedLineOrMobile), .init(whitelist: ["US"]),
                [.regionNotWhitelisted(region: nil)]
            ),
            (
                usNumber, .init(blacklist: ["ISO2 Country Code"], whitelist: ["ISO2 Country Code"]),
                [.regionNotWhitelisted(region: "US")]
            ),
        ] as [(Facts, PhoneMatchInitialRequest.CountryFilter, [Finding])])
    func region(_ number: Facts, filter: PhoneMatchInitialRequest.CountryFilter, expected: [Finding]) {
        let report = Self.preflight(Self.request(country: filter), number)
        #expect(report.findings == expected)
        #expect(report.verdict == (expected.isEmpty ? .expectPending : .expectFail(detail: nil)))
    }

    /// A short tag per finding, to compare message findings without source locations.
    static func tag(_ finding: Finding) -> String {
        switch finding {
        case .unknownPlaceholder(let name): "unknown:" + name
        case .templateError(let error): "template:" + error.identifier
        case .missingPINPlaceholder: "missing_pin"
        default: String(describing: finding)
        }
    }

    @Test(
        "message placeholders: target attributes and pin (compiled with MessageTemplates)",
        arguments: [
            ("Hello {fn}, your one-time password is {pin}", [String]()),
            ("{fn} {ln} ({phone}): {pin}", []),
            ("{fn} {fn} {pin}", []),
            ("Hello {name}, code {pin}", ["unknown:name"]),
            ("Hello {FN}, code {pin}", ["unknown:FN"]),
            ("{x} {x} {y} {pin}", ["unknown:x", "unknown:y"]),
            ("Code {otp}", ["unknown:otp", "missing_pin"]),
            ("Hello {fn}", ["missing_pin"]),
            ("Code {pin} {}", ["template:empty_name"]),
            ("Code {pin", ["template:unclosed_placeholder"]),
            ("Code } {pin}", ["template:stray_closing_delimiter"]),
            ("Code {p in}", ["template:invalid_name_character"]),
            ("Literal {{pin}} then {pin}", []),  // `{{` `}}` are literal braces
        ])
    func placeholders(_ message: String, expected: [String]) {
        let report = Self.preflight(Self.request(message: message), Self.gbMobile)
        #expect(report.findings.map(Self.tag) == expected)
        #expect(report.findings.allSatisfy { $0.severity == .warning && $0.field == .outOfBandMessage })
        #expect(report.verdict == .expectPending)
        #expect(report.messageLength != nil)
    }

    @Test(
        "message length in SMS segments, rendered with the target's values and a 6-digit pin",
        arguments: [
            // GSM-7: 160 septets in one segment.
            (String(repeating: "a", count: 154) + "{pin}", "John", SMSEncoding.gsm7, 160, 1),
            (String(repeating: "a", count: 155) + "{pin}", "John", .gsm7, 161, 2),
            (String(repeating: "a", count: 300) + "{pin}", "John", .gsm7, 306, 2),
            (String(repeating: "a", count: 301) + "{pin}", "John", .gsm7, 307, 3),
            // Extension characters take two septets.
            (String(repeating: "€", count: 77) + "{pin}", "John", .gsm7, 160, 1),
            (String(repeating: "[", count: 78) + "{pin}", "John", .gsm7, 162, 2),
            // UCS-2: 70 units in one segment, 67 per segment after.
            (String(repeating: "ж", count: 64) + "{pin}", "John", .ucs2, 70, 1),
            (String(repeating: "ж", count: 65) + "{pin}", "John", .ucs2, 71, 2),
            ("Hi {fn} {pin}", "Zoë", .ucs2, 13, 1),  // ë is not in the GSM 7-bit alphabet
            ("Hi {fn} {pin}", "Zoé", .gsm7, 13, 1),  // é is
            ("😀 {pin}", "John", .ucs2, 9, 1),  // a surrogate pair counts two
            (String(repeating: "a", count: 150) + " {fn} {pin}", "Bartholomew", .gsm7, 169, 2),
        ] as [(String, String, SMSEncoding, Int, Int)])
    func length(_ message: String, firstName: String, encoding: SMSEncoding, units: Int, segments: Int) {
        let report = Self.preflight(Self.request(message: message, firstName: firstName), Self.gbMobile)
        #expect(report.messageLength?.encoding == encoding)
        #expect(report.messageLength?.units == units)
        #expect(report.messageLength?.segments == segments)
        let tooLong = Finding.messageTooLong(segments: segments, limit: 1, encoding: encoding)
        #expect(report.findings == (segments > 1 ? [tooLong] : []))
        let relaxed = Self.preflight(
            Self.request(message: message, firstName: firstName), Self.gbMobile,
            options: .init(maximumSegments: 3))
        #expect(relaxed.findings.isEmpty)
    }

    @Test("the assumed pin length counts", arguments: [(4, 1), (6, 1), (7, 2)])
    func pinLength(_ pinLength: Int, segments: Int) {
        let message = String(repeating: "a", count: 154) + "{pin}"
        let report = Self.preflight(
            Self.request(message: message), Self.gbMobile, options: .init(pinLength: pinLength))
        #expect(report.messageLength?.segments == segments)
    }

    @Test("a Call request's message is not measured (Call has no message)")
    func callIgnoresMessage() {
        let report = Self.preflight(Self.request(service: .call, message: "{nope}"), Self.gbMobile)
        #expect(report.findings.isEmpty)
        #expect(report.messageLength == nil)
        #expect(report.verdict == .expectPending)
    }

    @Test("every finding is listed; the verdict follows the documents' rule order")
    func everyFinding() {
        let request = Self.request(
            blocked: [.mobile], country: .init(blacklist: ["GB"]), message: "Hi {name}")
        let report = Self.preflight(request, Self.gbMobile)
        #expect(
            report.findings == [
                .lineTypeSuppressed(.init(.mobile)), .regionBlacklisted(region: "GB"),
                .unknownPlaceholder(name: "name"), .missingPINPlaceholder,
            ])
        #expect(report.verdict == .expectFail(detail: .suppressedSendingCode))
        #expect(report.findings.map(\.expectedAction) == [.fail, .fail, nil, nil])
        #expect(report.findings[0].message.contains("not a carrier lookup"))
        #expect(report.findings[0].message.hasPrefix("options.outofband.do_not_send_to_types "))
    }

    @Test("a clean request expects PENDING")
    func clean() {
        let report = Self.preflight(
            Self.request(blocked: [.voip], country: .init(whitelist: ["GB"])), Self.gbMobile)
        #expect(report.findings.isEmpty)
        #expect(report.verdict == .expectPending)
        #expect(report.isWorthSending)
        #expect(report.number == nil)  // not parsed: facts given
    }

    // The seed's own sample, parsed for real (needs the phone parser).
    @Test("the seed SMS sample: every line type blocked, a placeholder whitelist")
    func seedSample() throws {
        let request = try Fixture.smsInitialRequest.decode(PhoneMatchInitialRequest.self)
        let report = request.preflight()
        #expect(report.number?.regionCode == "US")
        #expect(report.lineType?.planType == .fixedLineOrMobile)
        #expect(
            report.findings == [
                .lineTypeSuppressed(.init(.fixedLineOrMobile)), .regionNotWhitelisted(region: "US"),
            ])
        #expect(report.verdict == .expectFail(detail: .suppressedSendingCode))
        #expect(report.messageLength?.encoding == .gsm7)
        #expect(report.messageLength?.units == 44)
        #expect(report.messageLength?.segments == 1)
    }

    @Test("parsing in pre-flight uses the default region (needs the phone parser)")
    func parses() {
        var request = Self.request()
        request.target.phone = "020 7946 0958"
        let gb = PhoneMatchPreflightOptions(normalization: .init(defaultRegion: "GB"))
        #expect(request.preflight(gb).findings.isEmpty)
        #expect(request.preflight(gb).lineType?.planType == .fixedLine)
        request.target.phone = "not a number"
        #expect(request.preflight().verdict == .expectFail(detail: .dataCheckFailed))
    }
}
