import Foundation
import Hummingbird

/// Reads a JSON body: the content type must be JSON (415), the body at most 64 KiB (413), and the
/// JSON must decode (400 naming the field path and the rule: `required`, `type`, `malformed_json`).
enum RequestDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: ServerContext)
        async throws -> T
    {
        guard let contentType = request.headers[.contentType], isJSON(contentType) else {
            throw APIError.unsupportedMediaType
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError.bodyTooLarge
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Self.apiError(error)
        } catch {
            throw APIError.malformedJSON("unreadable")
        }
    }

    /// Whether a `Content-Type` value names JSON: its media type (before any `;` parameters,
    /// without surrounding spaces or tabs, in any case) is `application/json` or ends in `+json`
    /// (RFC 6839), read from the value's bytes.
    static func isJSON(_ contentType: String) -> Bool {
        var value = contentType
        return value.withUTF8 { bytes in
            let media = HeaderBytes.trimmed(
                bytes, 0..<(bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count))
            let suffix = 5  // "+json"
            return HeaderBytes.equalsIgnoringCase(bytes, media, "application/json")
                || (media.count >= suffix
                    && HeaderBytes.equalsIgnoringCase(
                        bytes, (media.upperBound - suffix)..<media.upperBound, "+json"))
        }
    }

    /// A decoding failure as a 400 naming the field.
    static func apiError(_ error: DecodingError) -> APIError {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            return keys.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath, key)
            return .validation([.init(field: field, rule: "required", message: "\(field) is required")])
        case .valueNotFound(_, let context):
            let field = path(context.codingPath)
            return .validation([.init(field: field, rule: "required", message: "\(field) is required")])
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return .validation([
                .init(
                    field: field.isEmpty ? "$" : field, rule: "type",
                    message: "\(field.isEmpty ? "the body" : field) must be \(Self.typeName(type))")
            ])
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .malformedJSON("syntax error") }
            let field = path(context.codingPath)
            return .validation([.init(field: field, rule: "invalid", message: "\(field) is not valid")])
        @unknown default:
            return .malformedJSON("unreadable")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}
