import ArgumentParser

/// `dialtone-verify`: send and check a verification against PhoneMatch or iDenfy (or
/// `dialtone-server --sandbox`), for people at a terminal.
struct DialtoneVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialtone-verify",
        abstract: "Send and check a phone verification with PhoneMatch or iDenfy.",
        discussion: """
            Credentials come from the environment: DIALTONE_PHONEMATCH_USER and \
            DIALTONE_PHONEMATCH_PASS, DIALTONE_IDENFY_API_KEY and DIALTONE_IDENFY_API_SECRET. \
            --base-url points at dialtone-server --sandbox (e.g. http://127.0.0.1:8080) instead \
            of the providers. Exit status: 0 sent or verified, 1 the provider said FAIL or not \
            verified, 64 usage, 65 bad request or answer, 69 provider unavailable, 74 I/O \
            (the request may have been sent), 75 throttled, 77 credentials refused, 78 configuration.
            """,
        subcommands: [PhoneMatchGroup.self, IdenfyGroup.self])
}

/// `dialtone-verify phonematch …`.
struct PhoneMatchGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phonematch", abstract: "Veratad PhoneMatch5.0 (SMS or call).",
        subcommands: [PhoneMatchSend.self, PhoneMatchCheck.self, PhoneMatchStatus.self])
}

/// `dialtone-verify idenfy …`.
struct IdenfyGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idenfy", abstract: "iDenfy phone verification (SMS, then calls).",
        subcommands: [IdenfySend.self, IdenfyCheck.self])
}
