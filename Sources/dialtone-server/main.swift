// dialtone-server: Veratad PhoneMatch5.0 and iDenfy verification APIs, self-hosted or as a sandbox.
import DialtoneServer
import DialtoneVersion
import Foundation
import Logging

let usage = """
    USAGE: dialtone-server [--version] [--sandbox] [--host <address>] [--port <port>] [--database <path-or-url>] [--config <file>]

      --sandbox      messages go to a journal (GET /sandbox/messages), the clock is virtual
      --host         address to listen on (default 127.0.0.1)
      --port         port (default 8080; 0 picks a free one)
      --database     SQLite file (default dialtone.sqlite) or postgres:// URL
      --config       JSON file with the same settings as the DIALTONE_* variables

    Environment: DIALTONE_SECRET, DIALTONE_PHONEMATCH_USER, DIALTONE_PHONEMATCH_PASS,
    DIALTONE_IDENFY_API_KEY, DIALTONE_IDENFY_API_SECRET, DIALTONE_CREDENTIALS_FILE, DIALTONE_SMS_CHANNEL
    (kannel or webhook), DIALTONE_KANNEL_SENDSMS_URL, DIALTONE_KANNEL_USER, DIALTONE_KANNEL_PASSWORD,
    DIALTONE_PUBLIC_URL, DIALTONE_WEBHOOK_SECRET, DIALTONE_SMS_WEBHOOK_URL, DIALTONE_VOICE_WEBHOOK_URL,
    DIALTONE_EVENTS_WEBHOOK_URL (docs/DELIVERY.md).
    """

if CommandLine.arguments.contains("--version") {
    print(DialtoneVersion.current)
    exit(0)
}

if CommandLine.arguments.contains("--help") || CommandLine.arguments.contains("-h") {
    print(usage)
    exit(0)
}

let configuration: ServerConfiguration
do {
    configuration = try await ServerConfiguration.load()
} catch {
    FileHandle.standardError.write(Data("dialtone-server: \(error)\n".utf8))
    exit(78)  // EX_CONFIG
}

var logger = Logger(label: "dialtone-server")
logger.logLevel = .info
do {
    let app = try await buildApplication(configuration, logger: logger) { port in
        // Written straight to the descriptor: a test or a script reading the pipe sees it at once.
        let line =
            "dialtone-server listening on http://\(configuration.host):\(port)\(configuration.sandbox ? " (sandbox)" : "")\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
    try await app.runService()
} catch {
    FileHandle.standardError.write(Data("dialtone-server: \(error)\n".utf8))
    exit(1)
}
