import ArgumentParser
import ProviderClients

/// Where the requests go and how long they may take.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Scheme and host, e.g. http://127.0.0.1:8080 for the sandbox (default: the provider's).")
    var baseURL: String?

    @Option(name: .long, help: "Seconds the whole call may take.")
    var timeout: Int = 30

    @Option(name: .customLong("header"), help: "An extra request header NAME:VALUE (e.g. a sandbox fault).")
    var headers: [String] = []

    @Flag(name: .long, help: "Log each call on standard error (never secrets or codes).")
    var verbose = false

    func validate() throws {
        guard (1...600).contains(timeout) else {
            throw ValidationError("--timeout must be from 1 to 600 seconds")
        }
        for header in headers where header.firstIndex(of: ":") == nil {
            throw ValidationError("--header must be NAME:VALUE")
        }
        if let baseURL, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            throw ValidationError("--base-url must start with http:// or https://")
        }
    }

    /// The clients' settings.
    var configuration: ProviderClientConfiguration {
        let extra = headers.compactMap { header -> (name: String, value: String)? in
            guard let colon = header.firstIndex(of: ":") else { return nil }
            return (
                name: String(header[..<colon]),
                value: String(header[header.index(after: colon)...]).trimmingSpaces()
            )
        }
        let total = Duration.seconds(timeout)
        return ProviderClientConfiguration(
            timeouts: ProviderTimeouts(connect: min(.seconds(5), total), read: total, total: total),
            extraHeaders: extra)
    }
}

extension String {
    /// Without leading and trailing spaces.
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
