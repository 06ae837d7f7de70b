import OTPProviders

/// Credentials from the environment, under the names `dialtone-server` reads.
enum Credentials {
    /// `DIALTONE_PHONEMATCH_USER` and `DIALTONE_PHONEMATCH_PASS`, or nil (after saying so).
    static func phoneMatch() -> (user: String, password: Secret)? {
        guard let user = Terminal.environment("DIALTONE_PHONEMATCH_USER"),
            let pass = Terminal.environment("DIALTONE_PHONEMATCH_PASS")
        else {
            Terminal.error("dialtone-verify: set DIALTONE_PHONEMATCH_USER and DIALTONE_PHONEMATCH_PASS")
            return nil
        }
        return (user, Secret(pass))
    }

    /// `DIALTONE_IDENFY_API_KEY` and `DIALTONE_IDENFY_API_SECRET`, or nil (after saying so).
    static func idenfy() -> IdenfyCredentials? {
        guard let key = Terminal.environment("DIALTONE_IDENFY_API_KEY"),
            let secret = Terminal.environment("DIALTONE_IDENFY_API_SECRET")
        else {
            Terminal.error("dialtone-verify: set DIALTONE_IDENFY_API_KEY and DIALTONE_IDENFY_API_SECRET")
            return nil
        }
        return IdenfyCredentials(apiKey: key, apiSecret: Secret(secret))
    }
}
