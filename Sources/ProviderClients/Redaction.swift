/// Text from provider answers made safe to show: JSON string values under sensitive names,
/// known secret values and runs of four or more digits (codes) become `<redacted>`.
enum Redaction {
    /// What replaces a hidden value.
    static let placeholder = "<redacted>"
    /// The longest excerpt, in characters.
    static let excerptLength = 200

    /// The names whose JSON string values are always hidden.
    static let sensitiveNames: Set<String> = [
        "pass", "password", "secret", "api_secret", "apisecret", "key", "code", "received_code", "pin",
        "otp", "token", "request_id", "authorization",
    ]

    /// The body as text, redacted, then cut to ``excerptLength`` characters.
    static func excerpt(_ body: [UInt8], secrets: [String]) -> String {
        let text = redact(String(decoding: body, as: UTF8.self), secrets: secrets)
        guard text.count > excerptLength else { return text }
        return String(text.prefix(excerptLength)) + "…"
    }

    /// `text` with every sensitive value replaced.
    static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacing(secret, with: placeholder)
        }
        result = result.replacing(#/"(?<name>[A-Za-z_]+)"\s*:\s*"(?<value>(?:[^"\\]|\\.)*)"/#) { match in
            let name = String(match.output.name)
            guard sensitiveNames.contains(name.lowercased()) else { return String(match.output.0) }
            return "\"\(name)\":\"\(placeholder)\""
        }
        return result.replacing(#/[0-9]{4,}/#, with: placeholder)
    }

    /// The `error` field of a JSON error body when it is a snake_case identifier (at most 64
    /// characters) and not one of the secrets.
    static func errorIdentifier(_ body: [UInt8], secrets: [String]) -> String? {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        guard let match = text.firstMatch(of: #/"error"\s*:\s*"(?<value>[a-z0-9_]{1,64})"/#) else {
            return nil
        }
        let value = String(match.output.value)
        if secrets.contains(value) { return nil }
        return value
    }
}
