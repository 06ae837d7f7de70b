import OTPProviders
import Testing

@Suite("iDenfy field rules")
struct IdenfyValidationTests {
    static let validPhone = "+12015550123"  // libphonenumber's US example number

    @Test(
        "sender_name: optional, not empty, GSM-7 only, at most 11 septets",
        arguments: [
            (nil, []),
            ("The Sender", []),
            ("ABCDEFGHIJK", []),  // 11
            ("ABCDEFGHIJKL", [ValidationRule.maximumLength(11)]),  // 12
            ("Ørsted Bank", []),  // 11 septets, 12 UTF-8 bytes
            ("Ørsted Banks", [.maximumLength(11)]),  // 12 septets
            ("Acme €1 off", [.maximumLength(11)]),  // 11 characters, 12 septets (€ takes two)
            ("Acme €1", []),  // 6 + 2 = 8 septets
            ("ABCDEFGHIJ€", [.maximumLength(11)]),  // 11 characters, 12 septets
            ("ABCDEFGHI€", []),  // 11 septets
            ("Šiaulių", [.gsm7Alphabet]),  // Š and ų are not GSM-7
            ("👨‍👩‍👧", [.gsm7Alphabet]),
            ("", [.notEmpty]),
        ] as [(String?, [ValidationRule])])
    func senderName(_ name: String?, expected: [ValidationRule]) {
        let issues = IdenfySendSMSRequest(phoneNumber: "", senderName: name).validate()
            .filter { $0.field == .senderName }
        #expect(issues.map(\.rule) == expected)
    }

    @Test(
        "phone_number: required and in E.164 format (checked before parsing)",
        arguments: [
            ("", ValidationRule.required),
            ("12015550123", .e164Format),
            ("+1 201 555 0123", .e164Format),
            ("+(201) 555-0123", .e164Format),
            ("+02015550123", .e164Format),
            ("+1234567890123456", .e164Format),  // 16 digits: E.164 allows 15
            ("+", .e164Format),
            ("+1", .e164Format),
            ("+١٢٠١٥٥٥٠١٢٣", .e164Format),  // not ASCII: normalize first
        ])
    func phoneFormat(_ phone: String, expected: ValidationRule) {
        let issues = IdenfySendSMSRequest(phoneNumber: phone).validate()
        #expect(issues == [ValidationIssue(field: .phoneNumber, rule: expected)])
    }

    @Test("phone_number: a valid number of the plan (needs the phone parser)")
    func phoneValid() {
        #expect(IdenfySendSMSRequest(phoneNumber: Self.validPhone).validate() == [])
        #expect(IdenfySendSMSRequest(phoneNumber: "+442079460958", senderName: "Dialtone").validate() == [])
        // E.164-shaped but not valid: +1 with an area code starting with 0 or 1.
        #expect(
            IdenfySendSMSRequest(phoneNumber: "+11005550123").validate()
                == [ValidationIssue(field: .phoneNumber, rule: .phoneNumberInvalid)])
    }

    @Test("phone_number: a trunk prefix after the calling code is not E.164, though it parses")
    func phoneNotCanonical() {
        // `+44 0…` parses (libphonenumber drops the trunk 0) to a valid number whose E.164 differs.
        #expect(
            IdenfySendSMSRequest(phoneNumber: "+4402079460958").validate()
                == [ValidationIssue(field: .phoneNumber, rule: .e164Format)])
    }

    @Test(
        "prepared() is idempotent (fuzz-provider regression)",
        arguments: ["z+25400100(326edn", "+4402079460958", "(202) 555-0163", "+44 20 7946 0958"])
    func preparedIdempotent(phone: String) {
        let first = Result { () throws(ValidationFailure) in
            try IdenfySendSMSRequest(phoneNumber: phone).prepared(defaultRegion: "US")
        }
        if case .success(let ready) = first {
            #expect(ready.validate().isEmpty)
            #expect((try? ready.prepared(defaultRegion: "US")) == ready)
        }
    }

    @Test("every issue is returned, not only the first")
    func everyIssue() {
        let issues = IdenfySendSMSRequest(phoneNumber: "2015550123", senderName: "ABCDEFGHIJKL").validate()
        #expect(
            issues == [
                ValidationIssue(field: .phoneNumber, rule: .e164Format),
                ValidationIssue(field: .senderName, rule: .maximumLength(11)),
            ])
        #expect(issues.map(\.field.path) == ["phone_number", "sender_name"])
        #expect(issues[1].message == "sender_name must be at most 11 characters")
    }

    static let id32 = "3d50e1584e0946e789e0185c009aaadf"

    @Test(
        "request_id: 32 to 40 characters",
        arguments: [
            (0, [ValidationRule.required]),
            (1, [.lengthRange(minimum: 32, maximum: 40)]),
            (31, [.lengthRange(minimum: 32, maximum: 40)]),
            (32, []),
            (36, []),
            (40, []),
            (41, [.lengthRange(minimum: 32, maximum: 40)]),
        ])
    func requestID(_ length: Int, expected: [ValidationRule]) {
        let id = String(String(repeating: Self.id32, count: 2).prefix(length))
        let issues = IdenfyVerifySMSRequest(requestID: id, receivedCode: Secret("1234")).validate()
        #expect(issues.map(\.rule) == expected)
        #expect(issues.allSatisfy { $0.field == .requestID })
    }

    @Test(
        "received_code: exactly 4 ASCII digits, both rules reported",
        arguments: [
            ("1234", []),
            ("0000", []),
            ("", [ValidationRule.required]),
            ("123", [.exactLength(4)]),
            ("12345", [.exactLength(4)]),
            ("12a4", [.digitsOnly]),
            ("abcd", [.digitsOnly]),
            ("12a45", [.digitsOnly, .exactLength(4)]),
            ("١٢٣٤", [.digitsOnly]),  // Arabic-Indic digits: fold with normalized() first
            ("12 34", [.digitsOnly, .exactLength(4)]),
            ("+123", [.digitsOnly]),
            ("１２３４", [.digitsOnly]),  // fullwidth
        ] as [(String, [ValidationRule])])
    func receivedCode(_ code: String, expected: [ValidationRule]) {
        let issues = IdenfyVerifySMSRequest(requestID: Self.id32, receivedCode: Secret(code)).validate()
        #expect(issues.map(\.rule) == expected)
        #expect(issues.allSatisfy { $0.field == .receivedCode })
    }

    @Test(
        "received_code after normalization: digits of any script folded, spaces and dashes removed",
        arguments: [
            ("1234", []),
            ("١٢٣٤", []),  // Arabic-Indic
            ("۱۲۳۴", []),  // Extended Arabic-Indic (Persian)
            ("१२३४", []),  // Devanagari
            ("１２３４", []),  // fullwidth
            ("12 34", []),
            ("12-34", []),
            ("12\u{2013}34", []),  // en dash
            ("1\u{00A0}2\u{3000}3 4", []),  // no-break and ideographic spaces
            (" 1234 ", []),
            ("١٢٣", [ValidationRule.exactLength(4)]),
            ("١٢٣٤٥", [.exactLength(4)]),
            ("12 345", [.exactLength(4)]),
            ("12a4", [.digitsOnly]),
            ("12.34", [.digitsOnly, .exactLength(4)]),
            (" - ", [.required]),
        ] as [(String, [ValidationRule])])
    func receivedCodeNormalized(_ code: String, expected: [ValidationRule]) {
        let request = IdenfyVerifySMSRequest(requestID: Self.id32, receivedCode: Secret(code)).normalized()
        #expect(request.validate().map(\.rule) == expected)
        let prepared = Result { () throws(ValidationFailure) -> IdenfyVerifySMSRequest in
            try IdenfyVerifySMSRequest(requestID: Self.id32, receivedCode: Secret(code)).prepared()
        }
        switch prepared {
        case .success(let request):
            #expect(expected.isEmpty && request.receivedCode == request.normalized().receivedCode)
        case .failure(let failure): #expect(failure.issues.map(\.rule) == expected)
        }
    }

    @Test("a request id and a code both wrong give two issues")
    func verifyEveryIssue() {
        let issues = IdenfyVerifySMSRequest(requestID: "short", receivedCode: Secret("12a45")).validate()
        #expect(issues.map(\.field) == [.requestID, .receivedCode, .receivedCode])
    }

    @Test("a valid request gives an empty list")
    func valid() {
        #expect(IdenfyVerifySMSRequest(requestID: Self.id32, receivedCode: Secret("1234")).validate().isEmpty)
    }

    @Test(
        "phone_number normalization to E.164 (needs the phone parser)",
        arguments: [
            ("+1 (201) 555-0123", nil, "+12015550123"),
            ("(201) 555-0123", "US", "+12015550123"),
            ("020 7946 0958", "GB", "+442079460958"),
            ("+44 (0)20 7946 0958", nil, "+442079460958"),
            ("+١ ٢٠١ ٥٥٥ ٠١٢٣", nil, "+12015550123"),
        ] as [(String, String?, String)])
    func normalizePhone(_ input: String, region: String?, expected: String) throws {
        let request = IdenfySendSMSRequest(phoneNumber: input).normalized(defaultRegion: region)
        #expect(request.phoneNumber == expected)
        #expect(
            try IdenfySendSMSRequest(phoneNumber: input).prepared(defaultRegion: region).phoneNumber
                == expected)
    }

    @Test("text that is no phone number is left for validation to report")
    func normalizeUnreadable() {
        let request = IdenfySendSMSRequest(phoneNumber: "call me").normalized()
        #expect(request.phoneNumber == "call me")
        #expect(request.validate() == [ValidationIssue(field: .phoneNumber, rule: .e164Format)])
    }
}
