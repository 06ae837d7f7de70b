// fuzz-provider: the provider models' JSON decoding, round trip and validation on arbitrary bytes.
//
// Input: byte 0 picks the type (0-3 the responses: PhoneMatch initial and continue, iDenfy send and
// verify; 4-7 the requests: PhoneMatch initial and continue, iDenfy send and verify) and the user's
// code entry used by the flow helpers; the rest is the JSON body given to `JSONDecoder`.
//
// Invariants (docs/FUZZING.md):
// 1. Round trip: a decoded value encodes, decodes to an equal value, and encodes to the same bytes.
// 2. Decoding is lenient on content and strict on structure, and validation covers the rest: for
//    a decoded request, `validate()` returns exactly the issues an independent implementation of the
//    documented rules (written here) finds, in field order, each naming a field present in the
//    value; so the decoder never accepts a body that validation passes while a documented rule is
//    broken. A request validation passes encodes to JSON (read back with JSONSerialization) in which
//    every required field is a non-empty string.
// 3. Validation depends only on what goes on the wire: equal before and after the round trip.
// 4. `prepared()` either returns a request that validates and is its own `prepared()`, or throws
//    exactly the issues of the normalized request.
// 5. Flows: `continueRequest(userEntry:)` builds only requests that validate, and throws exactly
//    when the response has no continuation, an empty token, or the entry folds to nothing.
// 6. Secrets: a request's description, debug description and dump never show a secret value.
import Foundation
import FuzzSupport
import MessageTemplates
import OTPProviders
import PhoneNumbers

let entries = ["12345", " 12-34 ", "١٢٣٤", "", " - ", "abc", "1234"]

func roundTrip<T: Codable & Equatable>(_ type: T.Type, _ data: Data, input: () -> String) -> T? {
    guard let value = try? JSONDecoder().decode(T.self, from: data) else { return nil }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do {
        let encoded = try encoder.encode(value)
        let again = try JSONDecoder().decode(T.self, from: encoded)
        invariant(again == value, "\(T.self) round trip: \(again) != \(value) for \(input())")
        let encodedAgain = try encoder.encode(again)
        invariant(encodedAgain == encoded, "\(T.self) encodes differently after a round trip for \(input())")
        return again
    } catch {
        invariant(false, "\(T.self) decoded but the round trip fails: \(error) for \(input())")
        return nil
    }
}

/// The encoder's output read back as a plain JSON object.
func wireObject(_ value: some Encodable) -> [String: Any] {
    guard let data = try? JSONEncoder().encode(value),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else {
        invariant(false, "\(value) does not encode to a JSON object")
        return [:]
    }
    return object
}

func nonEmptyString(_ object: [String: Any], _ path: String...) -> Bool {
    var current: Any? = object
    for key in path { current = (current as? [String: Any])?[key] }
    return (current as? String).map { !$0.isEmpty } ?? false
}

func checkSecretsHidden(_ value: Any, input: () -> String) {
    let sentinel = "s3cr3t-\u{2603}-sentinel"
    var dumped = ""
    dump(value, to: &dumped)
    for text in [String(describing: value), String(reflecting: value), dumped] {
        invariant(!text.contains(sentinel), "a secret shows in \(literal(text.utf8)) for \(input())")
    }
}

// MARK: - The documented rules, written from the doc comments (not from the module's code)

func isE164(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count >= 3, bytes.count <= 16, bytes[0] == 0x2B, bytes[1] != 0x30 else { return false }
    return bytes.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
}

func isAlpha2(_ text: String) -> Bool {
    text.utf8.count == 2 && text.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
}

func phoneRule(_ text: String, region: String?) -> ValidationRule? {
    do throws(PhoneNumberParseError) {
        return try PhoneNumber(parsing: text, region: region).isValid ? nil : .phoneNumberInvalid
    } catch {
        return .phoneNumberUnreadable(error)
    }
}

/// iDenfy's `phone_number`: also the number's own E.164 form (a trunk prefix after `+CC` is not).
func e164Rule(_ text: String) -> ValidationRule? {
    do throws(PhoneNumberParseError) {
        let number = try PhoneNumber(parsing: text)
        guard number.isValid else { return .phoneNumberInvalid }
        return number.e164 == text ? nil : .e164Format
    } catch {
        return .phoneNumberUnreadable(error)
    }
}

func expectedIssues(_ r: PhoneMatchInitialRequest) -> [ValidationIssue] {
    var issues: [ValidationIssue] = []
    func add(_ field: ProviderField, _ rule: ValidationRule) {
        issues.append(ValidationIssue(field: field, rule: rule))
    }
    if r.user.isEmpty { add(.user, .required) }
    if r.password.reveal().isEmpty { add(.pass, .required) }
    if r.service.rawValue != "PhoneMatch5.0.SMS" && r.service.rawValue != "PhoneMatch5.0.Call" {
        add(.service, r.service.rawValue.isEmpty ? .required : .knownService)
    }
    if r.target.firstName.isEmpty { add(.targetFirstName, .required) }
    if r.target.lastName.isEmpty { add(.targetLastName, .required) }
    if r.target.phone.isEmpty {
        add(.targetPhone, .required)
    } else if let rule = phoneRule(r.target.phone, region: "US") {
        add(.targetPhone, rule)
    }
    if let outOfBand = r.options?.outOfBand {
        if let message = outOfBand.message {
            if r.service.rawValue == "PhoneMatch5.0.Call" {
                add(.outOfBandMessage, .smsOnly)
            } else if message.isEmpty {
                add(.outOfBandMessage, .notEmpty)
            } else {
                // The message must compile as a template and use {pin} (unknown names are sent as
                // written, so they are not field errors).
                do throws(TemplateError) {
                    if !(try CompiledTemplate(message)).slotNames.contains("pin") {
                        add(.outOfBandMessage, .messageMissingPIN)
                    }
                } catch {
                    add(.outOfBandMessage, .messageMalformed(error))
                }
            }
        }
        for (i, type) in (outOfBand.doNotSendToTypes ?? []).enumerated()
        where !["mobile", "landline", "voip"].contains(type.rawValue) {
            add(.doNotSendToTypes(index: i), .knownLineType)
        }
        for (i, code) in (outOfBand.country?.blacklist ?? []).enumerated() where !isAlpha2(code) {
            add(.countryBlacklist(index: i), .iso3166Alpha2)
        }
        for (i, code) in (outOfBand.country?.whitelist ?? []).enumerated() where !isAlpha2(code) {
            add(.countryWhitelist(index: i), .iso3166Alpha2)
        }
    }
    return issues
}

func expectedIssues(_ r: PhoneMatchContinueRequest) -> [ValidationIssue] {
    var issues: [ValidationIssue] = []
    if r.token.isEmpty { issues.append(ValidationIssue(field: .token, rule: .required)) }
    if r.codeMatch.key?.reveal().isEmpty ?? true {
        issues.append(ValidationIssue(field: .codeMatchKey, rule: .required))
    }
    return issues
}

func expectedIssues(_ r: IdenfySendSMSRequest) -> [ValidationIssue] {
    var issues: [ValidationIssue] = []
    if r.phoneNumber.isEmpty {
        issues.append(ValidationIssue(field: .phoneNumber, rule: .required))
    } else if !isE164(r.phoneNumber) {
        issues.append(ValidationIssue(field: .phoneNumber, rule: .e164Format))
    } else if let rule = e164Rule(r.phoneNumber) {
        issues.append(ValidationIssue(field: .phoneNumber, rule: rule))
    }
    if let name = r.senderName {
        if name.isEmpty {
            issues.append(ValidationIssue(field: .senderName, rule: .notEmpty))
        } else if name.unicodeScalars.contains(where: { GSM7Alphabet.septets(for: $0) == nil }) {
            issues.append(ValidationIssue(field: .senderName, rule: .gsm7Alphabet))
        } else if name.unicodeScalars.reduce(0, { $0 + (GSM7Alphabet.septets(for: $1) ?? 0) }) > 11 {
            // Septets: an alphanumeric SMS sender holds 11 (3GPP TS 23.040 §9.1.2.5).
            issues.append(ValidationIssue(field: .senderName, rule: .maximumLength(11)))
        }
    }
    return issues
}

func expectedIssues(_ r: IdenfyVerifySMSRequest) -> [ValidationIssue] {
    var issues: [ValidationIssue] = []
    if r.requestID.isEmpty {
        issues.append(ValidationIssue(field: .requestID, rule: .required))
    } else if !(32...40).contains(r.requestID.count) {
        issues.append(ValidationIssue(field: .requestID, rule: .lengthRange(minimum: 32, maximum: 40)))
    }
    let code = r.receivedCode.reveal()
    if code.isEmpty {
        issues.append(ValidationIssue(field: .receivedCode, rule: .required))
    } else {
        if !code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            issues.append(ValidationIssue(field: .receivedCode, rule: .digitsOnly))
        }
        if code.count != 4 { issues.append(ValidationIssue(field: .receivedCode, rule: .exactLength(4))) }
    }
    return issues
}

// MARK: - Per type

func checkRequest<R: Codable & Equatable>(
    _ request: R, issues: [ValidationIssue], expected: [ValidationIssue], requiredOnWire: [[String]],
    prepared: Result<R, ValidationFailure>, normalizedIssues: [ValidationIssue],
    preparedAgain: (R) -> Result<R, ValidationFailure>,
    validate: (R) -> [ValidationIssue], input: () -> String
) {
    invariant(issues == expected, "\(R.self) issues \(issues) != documented \(expected) for \(input())")
    let again = (try? JSONDecoder().decode(R.self, from: JSONEncoder().encode(request)))
    invariant(again.map(validate) == issues, "\(R.self) validation changes over the wire for \(input())")
    if issues.isEmpty {
        let object = wireObject(request)
        for path in requiredOnWire {
            invariant(
                path.count == 1 ? nonEmptyString(object, path[0]) : nonEmptyString(object, path[0], path[1]),
                "\(R.self) validates but \(path.joined(separator: ".")) is not a non-empty string for \(input())"
            )
        }
    }
    switch prepared {
    case .success(let ready):
        invariant(validate(ready).isEmpty, "\(R.self) prepared() returns an invalid request for \(input())")
        invariant(
            (try? preparedAgain(ready).get()) == ready,
            "\(R.self) prepared() is not idempotent for \(input())")
    case .failure(let failure):
        invariant(
            !failure.issues.isEmpty && failure.issues == normalizedIssues,
            "\(R.self) prepared() throws \(failure.issues), normalized issues \(normalizedIssues) for \(input())"
        )
    }
}

func checkInitialRequest(_ r: PhoneMatchInitialRequest, input: () -> String) {
    checkRequest(
        r, issues: r.validate(), expected: expectedIssues(r),
        requiredOnWire: [
            ["user"], ["pass"], ["service"], ["target", "fn"], ["target", "ln"], ["target", "phone"],
        ],
        prepared: Result { () throws(ValidationFailure) in try r.prepared() },
        normalizedIssues: r.normalized().validate(),
        preparedAgain: { x in Result { () throws(ValidationFailure) in try x.prepared() } },
        validate: { $0.validate() }, input: input)
    _ = r.preflight()
    var hidden = r
    hidden.password = Secret("s3cr3t-\u{2603}-sentinel")
    checkSecretsHidden(hidden, input: input)
}

func checkContinueRequest(_ r: PhoneMatchContinueRequest, input: () -> String) {
    let issues = r.validate()
    invariant(issues == expectedIssues(r), "continue issues \(issues) for \(input())")
    let again = try? JSONDecoder().decode(PhoneMatchContinueRequest.self, from: JSONEncoder().encode(r))
    invariant(again?.validate() == issues, "continue validation changes over the wire for \(input())")
    if issues.isEmpty {
        let object = wireObject(r)
        invariant(
            nonEmptyString(object, "token") && nonEmptyString(object, "codematch", "key"),
            "continue request validates without token and key for \(input())")
    }
    var hidden = r
    hidden.codeMatch.key = Secret("s3cr3t-\u{2603}-sentinel")
    checkSecretsHidden(hidden, input: input)
}

func checkSendRequest(_ r: IdenfySendSMSRequest, input: () -> String) {
    checkRequest(
        r, issues: r.validate(), expected: expectedIssues(r), requiredOnWire: [["phone_number"]],
        prepared: Result { () throws(ValidationFailure) in try r.prepared() },
        normalizedIssues: r.normalized().validate(),
        preparedAgain: { x in Result { () throws(ValidationFailure) in try x.prepared() } },
        validate: { $0.validate() }, input: input)
}

func checkVerifyRequest(_ r: IdenfyVerifySMSRequest, input: () -> String) {
    checkRequest(
        r, issues: r.validate(), expected: expectedIssues(r),
        requiredOnWire: [["request_id"], ["received_code"]],
        prepared: Result { () throws(ValidationFailure) in try r.prepared() },
        normalizedIssues: r.normalized().validate(),
        preparedAgain: { x in Result { () throws(ValidationFailure) in try x.prepared() } },
        validate: { $0.validate() }, input: input)
    var hidden = r
    hidden.receivedCode = Secret("s3cr3t-\u{2603}-sentinel")
    checkSecretsHidden(hidden, input: input)
}

func checkInitialResponse(_ response: PhoneMatchInitialResponse, entry: String, input: () -> String) {
    let folded = OTPEntry.normalize(entry)
    do throws(PhoneMatchFlowError) {
        let request = try response.continueRequest(userEntry: entry)
        invariant(request.validate().isEmpty, "continueRequest built an invalid request for \(input())")
        invariant(
            request.token == response.continuations?.outOfBand?.template.token
                && request.codeMatch.key?.reveal() == folded,
            "continueRequest token or key for \(input())")
    } catch {
        let expected: PhoneMatchFlowError
        if response.continuations?.outOfBand == nil {
            expected = .noContinuation(action: response.result.action, detail: response.result.detail)
        } else if response.continuations?.outOfBand?.template.token.isEmpty ?? true {
            expected = .missingToken
        } else {
            expected = .emptyEntry
        }
        invariant(
            error == expected && (error != .emptyEntry || folded.isEmpty),
            "continueRequest: \(error) for \(input())")
    }
    invariant(
        response.continuationPath == response.continuations?.outOfBand?.url, "continuationPath for \(input())"
    )
}

/// libFuzzer's entry point: checks the invariants above on one input; returns 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProvider(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    withFuzzInput(data, size) { input in
        let (choice, payload) = input.choiceAndPayload
        let body = Data(payload)
        let entry = entries[Int(choice / 8) % entries.count]
        let describe = { "type \(choice % 8) \(literal(payload))" }
        switch choice % 8 {
        case 0:
            if let value = roundTrip(PhoneMatchInitialResponse.self, body, input: describe) {
                checkInitialResponse(value, entry: entry, input: describe)
            }
        case 1:
            if let value = roundTrip(PhoneMatchContinueResponse.self, body, input: describe) {
                invariant(value.keyMatched == (value.output?.codeMatch?.keyMatched ?? false), "keyMatched")
            }
        case 2:
            if let value = roundTrip(IdenfySendSMSResponse.self, body, input: describe) {
                let request = value.verifyRequest(userEntry: entry)
                invariant(
                    request.requestID == value.requestID
                        && request.receivedCode.reveal() == OTPEntry.normalize(entry),
                    "verifyRequest for \(describe())")
            }
        case 3:
            _ = roundTrip(IdenfyVerifySMSResponse.self, body, input: describe)
        case 4:
            if let value = roundTrip(PhoneMatchInitialRequest.self, body, input: describe) {
                checkInitialRequest(value, input: describe)
            }
        case 5:
            if let value = roundTrip(PhoneMatchContinueRequest.self, body, input: describe) {
                checkContinueRequest(value, input: describe)
            }
        case 6:
            if let value = roundTrip(IdenfySendSMSRequest.self, body, input: describe) {
                checkSendRequest(value, input: describe)
            }
        default:
            if let value = roundTrip(IdenfyVerifySMSRequest.self, body, input: describe) {
                checkVerifyRequest(value, input: describe)
            }
        }
    }
}

runFuzzer(fuzzProvider)
