import ArgumentParser
import AsyncHTTPClient
import Logging
import OTPProviders
import ProviderClients

/// `dialtone-verify phonematch send`: the initial request.
struct PhoneMatchSend: ParsableCommand, VerifyCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send a code (PhoneMatch initial request); prints the token.")

    @Option(name: .long, help: "The number, E.164 or national (read in --region).") var phone: String
    @Option(name: .long, help: "The person's first name.") var firstName: String
    @Option(name: .long, help: "The person's last name.") var lastName: String
    @Option(name: .long, help: "sms or call.") var service: Channel = .sms
    @Option(name: .long, help: "The SMS text, with {pin} for the code (SMS only).") var message: String?
    @Option(name: .long, help: "Your reference for the transaction.") var reference: String?
    @Option(name: .long, help: "Pre-flight before the paid call: off, report or refuse.") var preflight:
        Preflight =
            .refuse
    @OptionGroup var connection: ConnectionOptions

    /// `--service`.
    enum Channel: String, ExpressibleByArgument {
        case sms, call
    }

    func run(http: HTTPClient, logger: Logger) async -> Int32 {
        guard let credentials = Credentials.phoneMatch() else { return ExitStatus.configuration }
        let client = PhoneMatchClient(
            httpClient: http, baseURL: connection.baseURL ?? PhoneMatchClient.productionBaseURL,
            configuration: connection.configuration, logger: logger)
        let request = PhoneMatchInitialRequest(
            user: credentials.user, password: credentials.password, service: service == .sms ? .sms : .call,
            reference: reference, options: message.map { .init(outOfBand: .init(message: $0)) },
            target: .init(firstName: firstName, lastName: lastName, phone: phone))
        do {
            let outcome = try await client.start(request, preflight: preflight.mode)
            for finding in outcome.preflight?.findings ?? [] { Terminal.error("pre-flight: \(finding)") }
            let result = outcome.response.result
            print("PhoneMatch \(result.action): \(result.detail)")
            guard outcome.codeSent, let template = outcome.response.continuations?.outOfBand?.template else {
                return ExitStatus.rejected
            }
            print("token: \(template.token)")
            print("check it with: dialtone-verify phonematch check --token \(template.token) --code CODE")
            return ExitStatus.success
        } catch {
            if case .preflightRefused(let report) = error {
                for finding in report.findings { Terminal.error("pre-flight: \(finding)") }
            }
            return failure(error)
        }
    }
}

/// `dialtone-verify phonematch check`: the continue request.
struct PhoneMatchCheck: ParsableCommand, VerifyCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check the user's code (PhoneMatch continue request).")

    @Option(name: .long, help: "The token printed by send.") var token: String
    @Option(name: .long, help: "The code the user entered; read from standard input when absent or -.")
    var code: String?
    @OptionGroup var connection: ConnectionOptions

    func run(http: HTTPClient, logger: Logger) async -> Int32 {
        guard let entry = Terminal.code(code) else {
            Terminal.error("dialtone-verify: no code: pass --code or write it on standard input")
            return ExitStatus.usage
        }
        let client = PhoneMatchClient(
            httpClient: http, baseURL: connection.baseURL ?? PhoneMatchClient.productionBaseURL,
            configuration: connection.configuration, logger: logger)
        let key = OTPEntry.normalizedSecret(entry)
        guard !key.isEmpty else {
            Terminal.error("dialtone-verify: the code is empty")
            return ExitStatus.usage
        }
        do {
            let response = try await client.continue(.init(token: token, codeMatch: .init(key: key)))
            return Self.report(response)
        } catch {
            return failure(error)
        }
    }

    /// Prints a continue or status answer; 0 for PASS, 1 otherwise.
    static func report(_ response: PhoneMatchContinueResponse) -> Int32 {
        print("PhoneMatch \(response.result.action): \(response.result.detail)")
        print(response.keyMatched ? "the code matched" : "the code did not match")
        return response.result.action == .pass ? ExitStatus.success : ExitStatus.rejected
    }
}

/// `dialtone-verify phonematch status`: the final answer of a token.
struct PhoneMatchStatus: ParsableCommand, VerifyCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Read the final answer of a checked token (PhoneMatch status URL).")

    @Option(name: .long, help: "The token printed by send.") var token: String
    @OptionGroup var connection: ConnectionOptions

    func run(http: HTTPClient, logger: Logger) async -> Int32 {
        let client = PhoneMatchClient(
            httpClient: http, baseURL: connection.baseURL ?? PhoneMatchClient.productionBaseURL,
            configuration: connection.configuration, logger: logger)
        do {
            return PhoneMatchCheck.report(try await client.status(token: token))
        } catch {
            return failure(error)
        }
    }
}
