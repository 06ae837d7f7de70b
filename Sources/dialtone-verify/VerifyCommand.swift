import AsyncHTTPClient
import Logging
import ProviderClients

#if canImport(Glibc)
    import Glibc
#endif

/// A subcommand that makes provider calls and returns its exit status.
protocol VerifyCommand: ParsableCommandWithConnection {
    /// Runs the command with a ready HTTP client; returns the exit status.
    func run(http: HTTPClient, logger: Logger) async -> Int32
}

/// A command with ``ConnectionOptions``.
protocol ParsableCommandWithConnection {
    /// The connection options.
    var connection: ConnectionOptions { get }
}

extension VerifyCommand {
    /// Makes the HTTP client, runs, shuts the client down.
    func execute() async -> Int32 {
        let http = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: connection.configuration.httpClientConfiguration())
        let logger =
            connection.verbose
            ? Logger(label: "dialtone-verify", factory: { StreamLogHandler.standardError(label: $0) })
            : Logger(label: "dialtone-verify", factory: { _ in SwiftLogNoOpLogHandler() })
        let status = await run(http: http, logger: logger)
        try? await http.shutdown()
        return status
    }

    /// Prints a client error on standard error and returns its status.
    func failure(_ error: ProviderClientError) -> Int32 {
        Terminal.error("dialtone-verify: \(error)")
        if case .outcomeUnknown = error {
            Terminal.error("dialtone-verify: not repeated automatically; check before sending again")
        }
        return ExitStatus.status(for: error)
    }
}

/// Standard error and standard input.
enum Terminal {
    /// Writes a line on standard error.
    static func error(_ line: String) {
        let text = line + "\n"
        _ = text.withCString { write(2, $0, strlen($0)) }
    }

    /// The value of an environment variable, when set and not empty.
    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// `--code`, or one line of standard input when it is absent or `-`.
    static func code(_ option: String?) -> String? {
        if let option, option != "-" { return option }
        guard let line = readLine(strippingNewline: true) else { return nil }
        return line.isEmpty ? nil : line
    }
}
