import Configuration
public import Foundation
public import Verification

/// Everything the server is started with: flags (`--host`, `--port`, `--database`, `--sandbox`,
/// `--config FILE`), then `DIALTONE_*` environment variables, then the JSON file, read with
/// swift-configuration.
public struct ServerConfiguration: Sendable {
    /// The address to listen on (default `127.0.0.1`).
    public var host = "127.0.0.1"
    /// The port (default 8080; 0 picks a free one).
    public var port = 8080
    /// A SQLite file path (default `dialtone.sqlite`), a `postgres://` URL, or `memory` (this
    /// process's memory: nothing survives a restart and instances share nothing; for tests and
    /// load tests).
    public var database = "dialtone.sqlite"
    /// Sandbox mode: messages go to the journal, the clock is virtual.
    public var sandbox = false
    /// The server secret (32+ bytes); the same on every instance sharing a database.
    public var secret: [UInt8]?
    /// PhoneMatch accounts.
    public var phoneMatchAccounts: [Accounts.Credential] = []
    /// iDenfy accounts.
    public var idenfyAccounts: [Accounts.Credential] = []
    /// `meta.company` for accounts that name none.
    public var company = "Dialtone"
    /// The SMS channel (`DIALTONE_SMS_CHANNEL`), required without `--sandbox`.
    public var smsChannel: String?
    /// Kannel's `sendsms` (`DIALTONE_KANNEL_SENDSMS_URL`, `DIALTONE_KANNEL_USER`,
    /// `DIALTONE_KANNEL_PASSWORD`), for `DIALTONE_SMS_CHANNEL=kannel`.
    public var kannel: KannelSettings?
    /// The URL Kannel reaches this server at for delivery reports (`DIALTONE_PUBLIC_URL`;
    /// default `http://HOST:PORT`).
    public var publicURL: String?
    /// The secret webhooks are signed with (`DIALTONE_WEBHOOK_SECRET`, hexadecimal or base64,
    /// 32+ bytes).
    public var webhookSecret: [UInt8]?
    /// Where SMS are posted for `DIALTONE_SMS_CHANNEL=webhook` (`DIALTONE_SMS_WEBHOOK_URL`).
    public var smsWebhookURL: String?
    /// Where calls are posted (`DIALTONE_VOICE_WEBHOOK_URL`); without it, call steps end in a
    /// delivery failure.
    public var voiceWebhookURL: String?
    /// Where lifecycle events are posted (`DIALTONE_EVENTS_WEBHOOK_URL`).
    public var eventsWebhookURL: String?
    /// How often due steps (iDenfy calls, expiries) are looked for.
    public var stepInterval: Duration = .seconds(1)
    /// How often the store is purged (`VerificationEngine.purge()`): verifications finished
    /// longer than the policy's retention ago and their steps, spent rate-limit windows and
    /// expired idempotency keys. Default 5 minutes.
    public var purgeInterval: Duration = .seconds(300)
    /// The engine's policy.
    public var policy = VerificationPolicy()

    /// The sandbox's accounts when none are configured: PhoneMatch `sandbox`/`sandbox`, iDenfy
    /// `sandbox`/`sandbox`.
    public static let sandboxCredential = Accounts.Credential(name: "sandbox", secret: "sandbox")
    /// The sandbox's secret when none is configured. Sandbox codes are shown in its journal anyway;
    /// a fixed secret lets restarts and several instances read each other's verifications.
    public static let sandboxSecret = Array("dialtone-sandbox-secret-never-used-in-production".utf8)

    /// Creates the defaults.
    public init() {}

    /// Kannel's `sendsms` interface. The password is never printed.
    public struct KannelSettings: Sendable, Hashable, CustomStringConvertible {
        /// `DIALTONE_KANNEL_SENDSMS_URL`, e.g. `http://127.0.0.1:13013/cgi-bin/sendsms`.
        public var sendsmsURL: String
        /// `DIALTONE_KANNEL_USER`.
        public var username: String
        /// `DIALTONE_KANNEL_PASSWORD`.
        public var password: String

        /// Creates the settings.
        public init(sendsmsURL: String, username: String, password: String) {
            self.sendsmsURL = sendsmsURL
            self.username = username
            self.password = password
        }

        /// The settings without the password.
        public var description: String { "Kannel(\(sendsmsURL), user \(username))" }
    }

    /// What is wrong with a configuration, said so that the operator can fix it.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// Without `--sandbox`, no SMS channel is configured.
        case missingChannel
        /// Without `--sandbox`, no secret is configured.
        case missingSecret
        /// The secret is too short or not hex/base64.
        case badSecret
        /// Without `--sandbox`, no account is configured.
        case missingAccounts
        /// `DIALTONE_SMS_CHANNEL` names a channel this version does not have.
        case unknownChannel(String)
        /// A channel is chosen but one of its settings is missing.
        case missingChannelSetting(String)
        /// `--sandbox` together with production settings.
        case sandboxWithProduction(String)
        /// A value cannot be read.
        case badValue(key: String, reason: String)

        /// The message printed at start-up.
        public var description: String {
            switch self {
            case .missingChannel:
                "no delivery channel is configured: set DIALTONE_SMS_CHANNEL (for example kannel) or start with --sandbox"
            case .missingSecret:
                "no server secret is configured: set DIALTONE_SECRET to 64 hexadecimal digits (32 random bytes)"
            case .badSecret:
                "DIALTONE_SECRET must be at least 32 bytes, written as hexadecimal or base64"
            case .missingAccounts:
                "no account is configured: set DIALTONE_PHONEMATCH_USER and DIALTONE_PHONEMATCH_PASS, or DIALTONE_IDENFY_API_KEY and DIALTONE_IDENFY_API_SECRET, or DIALTONE_CREDENTIALS_FILE"
            case .unknownChannel(let name):
                "DIALTONE_SMS_CHANNEL=\(name) is not a channel: use kannel or webhook"
            case .missingChannelSetting(let key):
                "\(key) must be set for the configured delivery channel"
            case .sandboxWithProduction(let setting):
                "--sandbox cannot be combined with a production setting (\(setting))"
            case .badValue(let key, let reason):
                "\(key): \(reason)"
            }
        }
    }

    /// Reads the configuration from `arguments` (flags) and `environment`.
    public static func load(
        arguments: [String] = CommandLine.arguments,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> ServerConfiguration {
        let flags = ConfigReader(provider: CommandLineArgumentsProvider(arguments: arguments))
        var providers: [any ConfigProvider] = [
            EnvironmentVariablesProvider(environmentVariables: environment)
        ]
        if let file = flags.string(forKey: "config") ?? environment["DIALTONE_CONFIG"] {
            providers.append(try await FileProvider<JSONSnapshot>(filePath: .init(file)))
        }
        let settings = ConfigReader(providers: providers)
        var configuration = ServerConfiguration()
        configuration.host =
            flags.string(forKey: "host") ?? settings.string(forKey: "dialtone.host") ?? configuration.host
        if let port = flags.string(forKey: "port") ?? settings.string(forKey: "dialtone.port") {
            guard let value = Int(port), (0...65535).contains(value) else {
                throw Problem.badValue(key: "--port", reason: "must be a number from 0 to 65535")
            }
            configuration.port = value
        }
        configuration.database =
            flags.string(forKey: "database") ?? settings.string(forKey: "dialtone.database")
            ?? configuration.database
        configuration.sandbox =
            flags.bool(forKey: "sandbox") ?? settings.bool(forKey: "dialtone.sandbox") ?? false
        configuration.company = settings.string(forKey: "dialtone.company") ?? configuration.company
        configuration.smsChannel = settings.string(forKey: "dialtone.sms.channel")
        if let url = settings.string(forKey: "dialtone.kannel.sendsms.url") {
            configuration.kannel = KannelSettings(
                sendsmsURL: url, username: settings.string(forKey: "dialtone.kannel.user") ?? "",
                password: settings.string(forKey: "dialtone.kannel.password", isSecret: true) ?? "")
        }
        configuration.publicURL = settings.string(forKey: "dialtone.public.url")
        if let secret = settings.string(forKey: "dialtone.webhook.secret", isSecret: true) {
            guard let bytes = decodeSecret(secret), bytes.count >= 32 else {
                throw Problem.badValue(
                    key: "DIALTONE_WEBHOOK_SECRET", reason: "must be at least 32 bytes, hexadecimal or base64"
                )
            }
            configuration.webhookSecret = bytes
        }
        configuration.smsWebhookURL = settings.string(forKey: "dialtone.sms.webhook.url")
        configuration.voiceWebhookURL = settings.string(forKey: "dialtone.voice.webhook.url")
        configuration.eventsWebhookURL = settings.string(forKey: "dialtone.events.webhook.url")
        if let secret = settings.string(forKey: "dialtone.secret", isSecret: true) {
            guard let bytes = decodeSecret(secret), bytes.count >= VerificationKeys.minimumSecretBytes else {
                throw Problem.badSecret
            }
            configuration.secret = bytes
        }
        if let user = settings.string(forKey: "dialtone.phonematch.user"),
            let pass = settings.string(forKey: "dialtone.phonematch.pass", isSecret: true)
        {
            configuration.phoneMatchAccounts.append(.init(name: user, secret: pass))
        }
        if let key = settings.string(forKey: "dialtone.idenfy.api.key"),
            let secret = settings.string(forKey: "dialtone.idenfy.api.secret", isSecret: true)
        {
            configuration.idenfyAccounts.append(.init(name: key, secret: secret))
        }
        try readThrottles(settings, into: &configuration.policy.throttles)
        if let path = settings.string(forKey: "dialtone.credentials.file") {
            let file = try CredentialsFile.load(path: path)
            configuration.phoneMatchAccounts += file.phonematch ?? []
            configuration.idenfyAccounts += file.idenfy ?? []
        }
        try configuration.check()
        return configuration
    }

    /// Fills in the sandbox's defaults, or refuses what production cannot run without.
    public mutating func check() throws(Problem) {
        if sandbox {
            if let smsChannel { throw .sandboxWithProduction("DIALTONE_SMS_CHANNEL=\(smsChannel)") }
            if phoneMatchAccounts.isEmpty { phoneMatchAccounts = [Self.sandboxCredential] }
            if idenfyAccounts.isEmpty { idenfyAccounts = [Self.sandboxCredential] }
            if secret == nil { secret = Self.sandboxSecret }
            return
        }
        guard let secret else { throw .missingSecret }
        guard secret.count >= VerificationKeys.minimumSecretBytes else { throw .badSecret }
        guard !phoneMatchAccounts.isEmpty || !idenfyAccounts.isEmpty else { throw .missingAccounts }
        guard let smsChannel else { throw .missingChannel }
        switch smsChannel {
        case "kannel":
            guard let kannel, !kannel.sendsmsURL.isEmpty else {
                throw .missingChannelSetting("DIALTONE_KANNEL_SENDSMS_URL")
            }
            if kannel.username.isEmpty { throw .missingChannelSetting("DIALTONE_KANNEL_USER") }
            if kannel.password.isEmpty { throw .missingChannelSetting("DIALTONE_KANNEL_PASSWORD") }
        case "webhook":
            if smsWebhookURL == nil { throw .missingChannelSetting("DIALTONE_SMS_WEBHOOK_URL") }
        default:
            throw .unknownChannel(smsChannel)
        }
        if webhookSecret == nil, smsChannel == "webhook" || voiceWebhookURL != nil || eventsWebhookURL != nil
        {
            throw .missingChannelSetting("DIALTONE_WEBHOOK_SECRET")
        }
    }

    /// Hexadecimal (64+ digits) or base64.
    static func decodeSecret(_ text: String) -> [UInt8]? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count % 2 == 0, trimmed.allSatisfy(\.isHexDigit) {
            var bytes: [UInt8] = []
            var index = trimmed.startIndex
            while index < trimmed.endIndex {
                let next = trimmed.index(index, offsetBy: 2)
                guard let byte = UInt8(trimmed[index..<next], radix: 16) else { return nil }
                bytes.append(byte)
                index = next
            }
            return bytes
        }
        return Data(base64Encoded: trimmed).map { Array($0) }
    }
}

/// `DIALTONE_CREDENTIALS_FILE`: several accounts, as JSON
/// `{"phonematch": [{"name": …, "secret": …, "company": …}], "idenfy": [{"name": …, "secret": …}]}`.
struct CredentialsFile: Codable {
    var phonematch: [Accounts.Credential]?
    var idenfy: [Accounts.Credential]?

    static func load(path: String) throws -> CredentialsFile {
        do {
            return try JSONDecoder().decode(
                CredentialsFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ServerConfiguration.Problem.badValue(
                key: "DIALTONE_CREDENTIALS_FILE", reason: "cannot read \(path) as a credentials file")
        }
    }
}
