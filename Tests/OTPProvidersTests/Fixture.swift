import Foundation
import OTPProviders

/// A sample body from the seed documents (comments removed), in Tests/OTPProvidersTests/Fixtures.
enum Fixture: String, CaseIterable, CustomStringConvertible {
    case smsInitialRequest = "phonematch-sms-initial-request"
    case smsInitialResponse = "phonematch-sms-initial-response"
    case smsContinueRequest = "phonematch-sms-continue-request"
    case smsContinueResponse = "phonematch-sms-continue-response"
    case callInitialRequest = "phonematch-call-initial-request"
    case callInitialResponse = "phonematch-call-initial-response"
    case callContinueRequest = "phonematch-call-continue-request"
    case callContinueResponse = "phonematch-call-continue-response"
    case idenfySendRequest = "idenfy-send-sms-request"
    case idenfySendResponse = "idenfy-send-sms-response"
    case idenfyVerifyRequest = "idenfy-verify-sms-request"
    case idenfyVerifyResponse = "idenfy-verify-sms-response"

    var description: String { rawValue }

    struct Missing: Error {
        let name: String
    }

    func data() throws -> Data {
        guard
            let url = Bundle.module.url(
                forResource: rawValue, withExtension: "json", subdirectory: "Fixtures")
        else { throw Missing(name: rawValue) }
        return try Data(contentsOf: url)
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: data())
    }

    /// Decodes the fixture as its model and encodes it back.
    func roundTrip() throws -> Data {
        switch self {
        case .smsInitialRequest, .callInitialRequest: try Self.reencode(PhoneMatchInitialRequest.self, data())
        case .smsInitialResponse, .callInitialResponse:
            try Self.reencode(PhoneMatchInitialResponse.self, data())
        case .smsContinueRequest, .callContinueRequest:
            try Self.reencode(PhoneMatchContinueRequest.self, data())
        case .smsContinueResponse, .callContinueResponse:
            try Self.reencode(PhoneMatchContinueResponse.self, data())
        case .idenfySendRequest: try Self.reencode(IdenfySendSMSRequest.self, data())
        case .idenfySendResponse: try Self.reencode(IdenfySendSMSResponse.self, data())
        case .idenfyVerifyRequest: try Self.reencode(IdenfyVerifySMSRequest.self, data())
        case .idenfyVerifyResponse: try Self.reencode(IdenfyVerifySMSResponse.self, data())
        }
    }

    private static func reencode<T: Codable>(_ type: T.Type, _ data: Data) throws -> Data {
        try JSONEncoder().encode(JSONDecoder().decode(type, from: data))
    }
}

/// Encodes a value and decodes it again as the same type.
func roundTripped<T: Codable>(_ value: T) throws -> T {
    try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
}

/// The JSON text of a value, for checks on field names.
func jsonText(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
