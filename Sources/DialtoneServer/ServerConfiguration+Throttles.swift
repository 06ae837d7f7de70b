import Configuration
import Verification

extension ServerConfiguration {
    /// The operator's throttles, read from the environment or the file (`DIALTONE_THROTTLE_*`,
    /// `DIALTONE_PUMPING_*`). A limit is `COUNT/DURATION` (`5/10m`, `100/1s`, `20/1h`) or `off`; a
    /// duration is a number with `s`, `m` or `h`; a switch is `true` or `false`. Unset keys keep
    /// the engine's defaults: 5 sends per number per 10 minutes, nothing else.
    static func readThrottles(_ settings: ConfigReader, into policy: inout ThrottlePolicy) throws(Problem) {
        if let text = settings.string(forKey: "dialtone.throttle.per.number") {
            policy.perNumber = try limit(text, key: "DIALTONE_THROTTLE_PER_NUMBER")
        }
        if let text = settings.string(forKey: "dialtone.throttle.resend.cooldown") {
            policy.resendCooldown =
                text == "off" ? nil : try duration(text, key: "DIALTONE_THROTTLE_RESEND_COOLDOWN")
        }
        if let text = settings.string(forKey: "dialtone.throttle.per.account") {
            policy.perAccount = try limit(text, key: "DIALTONE_THROTTLE_PER_ACCOUNT")
        }
        if let text = settings.string(forKey: "dialtone.throttle.per.client.address") {
            policy.perClientAddress = try limit(text, key: "DIALTONE_THROTTLE_PER_CLIENT_ADDRESS")
        }
        if let text = settings.string(forKey: "dialtone.pumping.per.country") {
            policy.pumping.perCountry = try limit(text, key: "DIALTONE_PUMPING_PER_COUNTRY")
        }
        if let text = settings.string(forKey: "dialtone.pumping.per.prefix") {
            policy.pumping.perPrefix = try limit(text, key: "DIALTONE_PUMPING_PER_PREFIX")
        }
        if let text = settings.string(forKey: "dialtone.pumping.prefix.digits") {
            guard let digits = Int(text), (1...15).contains(digits) else {
                throw .badValue(
                    key: "DIALTONE_PUMPING_PREFIX_DIGITS", reason: "must be a number from 1 to 15")
            }
            policy.pumping.prefixDigits = digits
        }
        let switches: [(String, String, WritableKeyPath<PumpingGuard, Bool>)] = [
            (
                "dialtone.pumping.refuse.premium.rate", "DIALTONE_PUMPING_REFUSE_PREMIUM_RATE",
                \.refusePremiumRate
            ),
            (
                "dialtone.pumping.refuse.non.mobile.sms", "DIALTONE_PUMPING_REFUSE_NON_MOBILE_SMS",
                \.refuseNonMobileSMS
            ),
            ("dialtone.pumping.log.only", "DIALTONE_PUMPING_LOG_ONLY", \.logOnly),
        ]
        for (configKey, variable, path) in switches {
            guard let text = settings.string(forKey: ConfigKey(configKey)) else { continue }
            switch text.lowercased() {
            case "true", "1", "yes", "on": policy.pumping[keyPath: path] = true
            case "false", "0", "no", "off": policy.pumping[keyPath: path] = false
            default: throw .badValue(key: variable, reason: "must be true or false")
            }
        }
    }

    /// `COUNT/DURATION` or `off`.
    static func limit(_ text: String, key: String) throws(Problem) -> RateLimit? {
        if text == "off" { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0]), (1...1_000_000).contains(count) else {
            throw .badValue(key: key, reason: "expected COUNT/DURATION such as 5/10m or 100/1s, or off")
        }
        return RateLimit(count: count, per: try duration(String(parts[1]), key: key))
    }

    /// A number of seconds, minutes or hours: `30s`, `10m`, `1h`.
    static func duration(_ text: String, key: String) throws(Problem) -> Duration {
        let unit = text.last
        let scale: Int64? =
            switch unit {
            case "s": 1
            case "m": 60
            case "h": 3600
            default: nil
            }
        guard let scale, let value = Int64(text.dropLast()), (1...86_400 * 366).contains(value * scale) else {
            throw .badValue(key: key, reason: "expected a duration such as 30s, 10m or 1h")
        }
        return .seconds(value * scale)
    }
}
