import ArgumentParser
import AsyncHTTPClient
import Logging
import OTPProviders
import ProviderClients

/// `dialtone-verify idenfy send`: send-sms.
struct IdenfySend: ParsableCommand, VerifyCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send a code by SMS (iDenfy send-sms); prints the request id.")

    @Option(name: .long, help: "The number in E.164, e.g. +12025550163.") var phone: String
    @Option(name: .long, help: "The sender shown to the user (GSM-7 characters, at most 11 septets).")
    var senderName: String?
    @Option(
        name: .long, help: "An Idempotency-Key: a repeat with the same key sends nothing (dialtone-server).")
    var idempotencyKey: String?
    @Option(name: .long, help: "Pre-flight before the paid call: off, report or refuse.") var preflight:
        Preflight =
            .refuse
    @OptionGroup var connection: ConnectionOptions

    func run(http: HTTPClient, logger: Logger) async -> Int32 {
        guard let credentials = Credentials.idenfy() else { return ExitStatus.configuration }
        let client = IdenfyClient(
            httpClient: http, credentials: credentials,
            baseURL: connection.baseURL ?? IdenfyClient.productionBaseURL,
            configuration: connection.configuration,
            logger: logger)
        do {
            let outcome = try await client.sendSMS(
                IdenfySendSMSRequest(phoneNumber: phone, senderName: senderName),
                idempotencyKey: idempotencyKey,
                preflight: preflight.mode)
            for issue in outcome.preflightIssues { Terminal.error("pre-flight: \(issue.message)") }
            print("iDenfy: code sent to \(phone)")
            print("request id: \(outcome.response.requestID)")
            print(
                "check it with: dialtone-verify idenfy check --request-id \(outcome.response.requestID) --code CODE"
            )
            return ExitStatus.success
        } catch {
            return failure(error)
        }
    }
}

/// `dialtone-verify idenfy check`: verify-sms.
struct IdenfyCheck: ParsableCommand, VerifyCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check the user's code (iDenfy verify-sms).")

    @Option(name: .long, help: "The request id printed by send.") var requestID: String
    @Option(name: .long, help: "The code the user entered; read from standard input when absent or -.")
    var code: String?
    @OptionGroup var connection: ConnectionOptions

    func run(http: HTTPClient, logger: Logger) async -> Int32 {
        guard let credentials = Credentials.idenfy() else { return ExitStatus.configuration }
        guard let entry = Terminal.code(code) else {
            Terminal.error("dialtone-verify: no code: pass --code or write it on standard input")
            return ExitStatus.usage
        }
        let client = IdenfyClient(
            httpClient: http, credentials: credentials,
            baseURL: connection.baseURL ?? IdenfyClient.productionBaseURL,
            configuration: connection.configuration,
            logger: logger)
        do {
            let response = try await client.verifySMS(
                IdenfySendSMSResponse(requestID: requestID).verifyRequest(userEntry: entry))
            print(response.isVerified ? "iDenfy: verified" : "iDenfy: not verified")
            return response.isVerified ? ExitStatus.success : ExitStatus.rejected
        } catch {
            return failure(error)
        }
    }
}
