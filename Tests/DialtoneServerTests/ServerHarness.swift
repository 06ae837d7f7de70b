import DialtoneServer
import DialtoneTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import Verification

/// A sandbox server on a fresh SQLite file, with a log that keeps every line.
struct ServerHarness {
    let parts: ServerParts
    let log: LogCapture
    let path: String

    static func make(policy: VerificationPolicy = VerificationPolicy()) async throws -> ServerHarness {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dialtone-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("server.sqlite").path
        var configuration = ServerConfiguration()
        configuration.sandbox = true
        configuration.database = path
        configuration.policy = policy
        configuration.phoneMatchAccounts = [
            .init(name: "user@company.com", secret: "PASSWORD", company: "Company ABC, Inc.")
        ]
        configuration.idenfyAccounts = [.init(name: "api-key", secret: "api-secret-value")]
        try configuration.check()
        let log = LogCapture()
        var logger = Logger(label: "test") { _ in log }
        logger.logLevel = .trace
        return ServerHarness(
            parts: try await ServerParts.make(configuration, logger: logger), log: log, path: path)
    }

    /// Runs `body` against the router, in process.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: parts.router(), logger: logger)
        try await app.test(.router, body)
    }

    var logger: Logger {
        var logger = Logger(label: "test") { _ in log }
        logger.logLevel = .trace
        return logger
    }

    /// The newest journal text to `number`.
    func lastText(to number: String) async throws -> String {
        try #require(try await parts.journal?.entries(to: number, limit: 1).last?.text)
    }

    /// The code in the newest message to `number` (its last run of 4+ digits).
    func lastCode(to number: String) async throws -> String {
        let text = try await lastText(to: number)
        if text.hasPrefix("Your code is ") {
            return String(text.dropFirst("Your code is ".count).prefix { $0 != "." }.filter(\.isNumber))
        }
        let runs = text.split(whereSeparator: { !$0.isNumber }).filter { $0.count >= 4 }
        return String(try #require(runs.last))
    }

    static let basic = "Basic " + Data("api-key:api-secret-value".utf8).base64EncodedString()
}

extension TestClientProtocol {
    /// A JSON POST.
    func post(
        _ uri: String, json: String, headers: HTTPFields = [:],
        _ check: @escaping @Sendable (TestResponse) async throws -> Void
    ) async throws {
        var headers = headers
        if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json)) {
            try await check($0)
        }
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }
    var text: String { String(buffer: body) }
}
