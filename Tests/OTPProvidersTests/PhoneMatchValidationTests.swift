import MessageTemplates
import OTPProviders
import Testing

@Suite("PhoneMatch field rules")
struct PhoneMatchValidationTests {
    static func request(
        service: PhoneMatchService = .sms, user: String = "user@company.com",
        password: Secret = Secret("PASSWORD"),
        firstName: String = "John", lastName: String = "Smith", phone: String = "2015550123",
        outOfBand: PhoneMatchInitialRequest.OutOfBand? = nil
    ) -> PhoneMatchInitialRequest {
        PhoneMatchInitialRequest(
            user: user, password: password, service: service, reference: "12345",
            options: outOfBand.map { .init(outOfBand: $0) },
            target: .init(firstName: firstName, lastName: lastName, phone: phone))
    }

    /// The issues of the fields that need no phone parsing.
    static func nonPhoneIssues(_ request: PhoneMatchInitialRequest) -> [ValidationIssue] {
        request.validate().filter { $0.field != .targetPhone }
    }

    @Test(
        "required fields",
        arguments: [
            (request(user: ""), ProviderField.user),
            (request(password: Secret("")), .pass),
            (request(firstName: ""), .targetFirstName),
            (request(lastName: ""), .targetLastName),
            (request(service: .unknown("")), .service),
        ])
    func required(_ request: PhoneMatchInitialRequest, field: ProviderField) {
        #expect(Self.nonPhoneIssues(request) == [ValidationIssue(field: field, rule: .required)])
    }

    @Test("target.phone is required")
    func phoneRequired() {
        #expect(
            Self.request(phone: "").validate().filter { $0.field == .targetPhone }
                == [ValidationIssue(field: .targetPhone, rule: .required)])
    }

    @Test(
        "service must be one the documents name",
        arguments: ["IDMatch5.0", "PhoneMatch5.0.Sms", "PhoneMatch5.0"])
    func service(_ raw: String) {
        #expect(
            Self.nonPhoneIssues(Self.request(service: PhoneMatchService(rawValue: raw)))
                == [ValidationIssue(field: .service, rule: .knownService)])
    }

    @Test(
        "options.outofband.message: SMS only, not empty, a well-formed template with {pin}",
        arguments: [
            (PhoneMatchService.sms, "Hello {fn}, your one-time password is {pin}", [ValidationRule]()),
            // An unknown name is sent as written (the pre-flight reports it): not a field error.
            (.sms, "{pin} is your code, {nickname}", []),
            (.sms, "", [.notEmpty]),
            (.sms, "Hello {fn}, welcome", [.messageMissingPIN]),
            (.sms, "Your code: pin", [.messageMissingPIN]),
            (.call, "Hello {fn}, your one-time password is {pin}", [.smsOnly]),
            (.call, "", [.smsOnly]),
        ])
    func message(_ service: PhoneMatchService, message: String, expected: [ValidationRule]) {
        let issues = Self.nonPhoneIssues(Self.request(service: service, outOfBand: .init(message: message)))
        #expect(issues == expected.map { ValidationIssue(field: .outOfBandMessage, rule: $0) })
        #expect(issues.allSatisfy { $0.field.path == "options.outofband.message" })
    }

    @Test("message rules on random texts: exactly what compiling the template says")
    func messageAgreesWithCompiling() {
        let pieces = [
            "{", "}", "{pin}", "{fn}", "pin", "{pi", "n}", "{{", "}}", "a", " ", "1", "é", "😀", "{_x}", "{9}",
        ]
        var state: UInt64 = 0x5EED_0001
        var outcomes = (valid: 0, missing: 0, malformed: 0)
        for _ in 0..<2_000 {
            var message = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for index in 0..<(1 + Int(state >> 60)) {
                message += pieces[Int((state >> UInt64(4 * (index % 12))) & 0xFF) % pieces.count]
            }
            let expected: [ValidationRule]
            do throws(TemplateError) {
                let template = try CompiledTemplate(message)
                expected = template.slotNames.contains("pin") ? [] : [.messageMissingPIN]
            } catch {
                expected = [.messageMalformed(error)]
            }
            let issues = Self.nonPhoneIssues(Self.request(outOfBand: .init(message: message)))
            #expect(issues.map(\.rule) == expected, "\(message.debugDescription)")
            switch expected.first {
            case nil: outcomes.valid += 1
            case .messageMissingPIN: outcomes.missing += 1
            default: outcomes.malformed += 1
            }
        }
        #expect(outcomes.valid > 50 && outcomes.missing > 50 && outcomes.malformed > 50)
    }

    @Test("country lists and the default region are read by RegionCode's rule")
    func regionCodes() throws {
        let request = Self.request(
            phone: "020 7946 0958",
            outOfBand: .init(country: .init(blacklist: [" uk", "de "], whitelist: ["El", "G B", "gbr"])))
        let settings = PhoneMatchNormalization(defaultRegion: "uk")
        let normalized = request.normalized(settings)
        #expect(normalized.options?.outOfBand?.country?.blacklist == ["GB", "DE"])
        #expect(normalized.options?.outOfBand?.country?.whitelist == ["GR", "G B", "gbr"])
        #expect(normalized.target.phone == "+442079460958")
        let issues = normalized.validate(settings)
        #expect(issues.map(\.field) == [.countryWhitelist(index: 1), .countryWhitelist(index: 2)])
        #expect(issues.allSatisfy { $0.rule == .iso3166Alpha2 })
    }

    @Test("A malformed placeholder is a field error naming the template rule")
    func malformedMessage() {
        let issues = Self.nonPhoneIssues(
            Self.request(outOfBand: .init(message: "Hello {fn, code {pin}")))
        #expect(issues.count == 1)
        #expect(issues.first?.rule.identifier == "message_malformed")
        #expect(issues.first?.field.path == "options.outofband.message")
    }

    @Test("do_not_send_to_types values: mobile, landline, voip")
    func lineTypes() {
        let outOfBand = PhoneMatchInitialRequest.OutOfBand(doNotSendToTypes: [
            .mobile, .init(rawValue: "fixed_line"), .landline, .voip, .init(rawValue: "Mobile"),
        ])
        let issues = Self.nonPhoneIssues(Self.request(outOfBand: outOfBand))
        #expect(
            issues == [
                ValidationIssue(field: .doNotSendToTypes(index: 1), rule: .knownLineType),
                ValidationIssue(field: .doNotSendToTypes(index: 4), rule: .knownLineType),
            ])
        #expect(issues.first?.field.path == "options.outofband.do_not_send_to_types[1]")
        // Normalization lowercases, which fixes `Mobile` but not `fixed_line`.
        #expect(
            Self.nonPhoneIssues(Self.request(outOfBand: outOfBand).normalized())
                == [ValidationIssue(field: .doNotSendToTypes(index: 1), rule: .knownLineType)])
    }

    @Test(
        "country lists hold ISO 3166-1 alpha-2 codes",
        arguments: [
            (["GB", "US"], [Int]()),
            (["ISO2 Country Code"], [0]),  // the documents' sample placeholder
            (["gb", "USA", "U", "", "G1"], [0, 1, 2, 3, 4]),
        ])
    func countries(_ codes: [String], invalid: [Int]) {
        let outOfBand = PhoneMatchInitialRequest.OutOfBand(country: .init(blacklist: codes, whitelist: codes))
        let issues = Self.nonPhoneIssues(Self.request(outOfBand: outOfBand))
        #expect(
            issues
                == invalid.map { ValidationIssue(field: .countryBlacklist(index: $0), rule: .iso3166Alpha2) }
                + invalid.map { ValidationIssue(field: .countryWhitelist(index: $0), rule: .iso3166Alpha2) })
    }

    @Test("normalization uppercases and trims region codes")
    func normalizeCountries() {
        let outOfBand = PhoneMatchInitialRequest.OutOfBand(
            country: .init(blacklist: [" gb", "Us"], whitelist: nil))
        let normalized = Self.request(outOfBand: outOfBand).normalized()
        #expect(normalized.options?.outOfBand?.country == .init(blacklist: ["GB", "US"], whitelist: nil))
        #expect(Self.nonPhoneIssues(normalized).isEmpty)
    }

    @Test(
        "the seed samples break only the country placeholder rule",
        arguments: [
            Fixture.smsInitialRequest, .callInitialRequest,
        ])
    func seedSample(_ fixture: Fixture) throws {
        let request = try fixture.decode(PhoneMatchInitialRequest.self)
        #expect(
            Self.nonPhoneIssues(request) == [
                ValidationIssue(field: .countryBlacklist(index: 0), rule: .iso3166Alpha2),
                ValidationIssue(field: .countryWhitelist(index: 0), rule: .iso3166Alpha2),
            ])
    }

    @Test("every issue at once")
    func everyIssue() {
        let request = Self.request(
            service: .call, user: "", password: Secret(""), firstName: "", lastName: "", phone: "",
            outOfBand: .init(
                message: "x", doNotSendToTypes: [.unknown("fax")], country: .init(whitelist: ["x"])))
        #expect(
            request.validate().map(\.field.path) == [
                "user", "pass", "target.fn", "target.ln", "target.phone", "options.outofband.message",
                "options.outofband.do_not_send_to_types[0]", "options.outofband.country.whitelist[0]",
            ])
    }

    @Test(
        "target.phone must be a valid number (needs the phone parser)",
        arguments: [
            ("2015550123", nil),  // national digits, default region US
            ("+442079460958", nil),
            ("+12015550123", nil),
            ("1005550123", ValidationRule.phoneNumberInvalid),  // area code cannot start with 1
            ("hello", .phoneNumberUnreadable(.notANumber)),
        ] as [(String, ValidationRule?)])
    func phone(_ phone: String, expected: ValidationRule?) {
        let issues = Self.request(phone: phone).validate()
        #expect(issues == (expected.map { [ValidationIssue(field: .targetPhone, rule: $0)] } ?? []))
    }

    @Test(
        "target.phone normalization: NANP as national digits by default, E.164 otherwise (needs the parser)",
        arguments: [
            ("(201) 510-6000", PhoneMatchPhoneStyle.nationalDigitsForNANP, "2015106000"),
            ("+1 201-510-6000", .nationalDigitsForNANP, "2015106000"),
            ("2015106000", .nationalDigitsForNANP, "2015106000"),
            ("+44 20 7946 0958", .nationalDigitsForNANP, "+442079460958"),
            ("(201) 510-6000", .e164, "+12015106000"),
            ("+44 20 7946 0958", .e164, "+442079460958"),
        ])
    func normalizePhone(_ input: String, style: PhoneMatchPhoneStyle, expected: String) {
        let settings = PhoneMatchNormalization(phoneStyle: style)
        #expect(Self.request(phone: input).normalized(settings).target.phone == expected)
    }

    @Test(
        "prepared() is idempotent (fuzz-provider regression)",
        arguments: [
            // Found by fuzz-provider: `+1 1…` is an invalid +1 number whose national digits keep
            // the trunk 1; written as `12079460958` they read (region US) as the valid 2079460958.
            ("+111 20 7946 0958", "US"),
            ("(201) 510-6000", "US"),
            ("+44 20 7946 0958", "US"),
            // A +1 number with a default region outside +1: ten digits would read as that region's.
            ("+1 201-510-6000", "GB"),
            ("0 20 7946 0958", "GB"),
        ] as [(String, String)])
    func preparedIdempotent(_ phone: String, region: String) {
        let settings = PhoneMatchNormalization(defaultRegion: region)
        let first = Result { () throws(ValidationFailure) in try Self.request(phone: phone).prepared(settings)
        }
        switch first {
        case .success(let ready):
            #expect(ready.validate(settings).isEmpty)
            #expect((try? ready.prepared(settings)) == ready)
        case .failure(let failure):
            #expect(failure.issues == Self.request(phone: phone).normalized(settings).validate(settings))
        }
    }

    @Test(
        "target.phone normalization names the number it parsed, or leaves the text for validation",
        arguments: [
            ("+111 20 7946 0958", "US", "+111 20 7946 0958"),  // not a valid number: left as typed
            ("+1 201-510-6000", "GB", "+12015106000"),  // outside +1, national digits would mislead
            ("+1 201-510-6000", "CA", "2015106000"),
        ] as [(String, String, String)])
    func normalizeNamesTheNumber(_ input: String, region: String, expected: String) {
        let settings = PhoneMatchNormalization(defaultRegion: region)
        #expect(Self.request(phone: input).normalized(settings).target.phone == expected)
    }

    @Test("text that is no phone number is left unchanged by normalization")
    func normalizeUnreadable() {
        #expect(Self.request(phone: "n/a").normalized().target.phone == "n/a")
    }

    @Test("continue request: token and codematch.key are required")
    func continueRequest() {
        #expect(
            PhoneMatchContinueRequest(token: "t", codeMatch: .init(key: Secret("12345"))).validate().isEmpty)
        #expect(
            PhoneMatchContinueRequest(token: "", codeMatch: .init(key: nil)).validate().map(\.field.path)
                == ["token", "codematch.key"])
        #expect(
            PhoneMatchContinueRequest(token: "t", codeMatch: .init(key: Secret(""))).validate()
                == [ValidationIssue(field: .codeMatchKey, rule: .required)])
    }
}
