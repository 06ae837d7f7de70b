import AsyncHTTPClient
import Delivery
import DialtoneTestSupport
import Foundation
import NIOCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The `dialtone-server` binary in production mode with `DIALTONE_SMS_CHANNEL=kannel` against a
/// real Kannel, its events posted to a signed-webhook receiver.
@Suite("dialtone-server with Kannel", .enabled(if: KannelGateway.isEnabled, KannelGateway.skipReason))
struct ServerKannelTests {

    static func json(_ client: HTTPClient, _ url: String, body: String? = nil, basic: String? = nil)
        async throws -> (Int, [String: Any])
    {
        var request = HTTPClientRequest(url: url)
        if let basic {
            request.headers.add(
                name: "Authorization", value: "Basic " + Data(basic.utf8).base64EncodedString())
        }
        if let body {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let object =
            (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any]
        return (Int(response.status.code), object ?? [:])
    }

    @Test(
        "SMS only: Kannel's report reaches the server, a failed one turns a pending PhoneMatch flow into FAIL; iDenfy too"
    )
    func deliveryReports() async throws {
        let receiver = WebhookReceiver(secret: WebhookTests.secret, failuresPerEvent: 0)
        try await receiver.start()
        defer { receiver.stop() }
        try await KannelGateway.with { gateway in
            let port = try freeLoopbackPort()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dialtone-kannel-server-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DIALTONE_") }
            environment.merge([
                "DIALTONE_SECRET": ServerProcess.hex(testSecret),
                "DIALTONE_PHONEMATCH_USER": "user", "DIALTONE_PHONEMATCH_PASS": "pass",
                "DIALTONE_IDENFY_API_KEY": "key", "DIALTONE_IDENFY_API_SECRET": "idenfy-secret",
                "DIALTONE_SMS_CHANNEL": "kannel", "DIALTONE_KANNEL_SENDSMS_URL": gateway.sendsmsURL,
                "DIALTONE_KANNEL_USER": KannelGateway.username,
                "DIALTONE_KANNEL_PASSWORD": KannelGateway.password,
                "DIALTONE_PUBLIC_URL": "http://127.0.0.1:\(port)",
                "DIALTONE_WEBHOOK_SECRET": ServerProcess.hex(WebhookTests.secret),
                "DIALTONE_EVENTS_WEBHOOK_URL": receiver.url("/events"),
            ]) { $1 }
            let server = try Spawned.start(
                try ServerProcess.binary().path,
                ["--port", "\(port)", "--database", folder.appendingPathComponent("s.sqlite").path],
                environment: environment)
            defer { KannelGateway.terminate(server) }
            let line = await server.read(
                until: { $0.contains("\n") }, deadline: Date().addingTimeInterval(30))
            #expect(line.contains("listening on http://127.0.0.1:\(port)"))
            let base = "http://127.0.0.1:\(port)"

            try await withClient { client in
                let (_, initial) = try await Self.json(
                    client, "\(base)/process/comprehensive/gateway",
                    body:
                        #"{"user":"user","pass":"pass","service":"PhoneMatch5.0.SMS","options":{"outofband":{"message":"Your code is {pin}"}},"target":{"fn":"Ada","ln":"Lovelace","phone":"+12015550118"}}"#
                )
                #expect((initial["result"] as? [String: Any])?["action"] as? String == "PENDING")
                let continuation =
                    (initial["continuations"] as? [String: Any])?["outofband"] as? [String: Any]
                let token = try #require((continuation?["template"] as? [String: Any])?["token"] as? String)

                let lines = try await gateway.waitForMessages(to: "+12015550118", count: 1)
                let text = try #require(lines.first.flatMap(CarrierMessage.init)?.text)
                #expect(text.hasPrefix("Your code is "))
                let code = String(text.dropFirst("Your code is ".count))
                #expect(code.count == 6 && code.allSatisfy(\.isNumber))

                // Kannel's own report (the fake SMSC always delivers).
                try await receiver.wait { $0.types(for: token).contains("verification.delivered") }

                // The report URL Kannel was given, as Kannel calls it, with "not delivered".
                let signer = DeliveryReportSigner(secret: testSecret)
                let signature = signer.signature(verificationID: token, messageID: "\(token)-1", kind: .sms)
                let report = "\(base)/delivery/kannel/report?v=\(token)&m=\(token)-1&k=sms"
                let (forged, _) = try await Self.json(
                    client, "\(report)&s=\(String(repeating: "0", count: 32))&type=2")
                #expect(forged == 403)
                let (accepted, _) = try await Self.json(client, "\(report)&s=\(signature)&type=2")
                #expect(accepted == 200)
                try await receiver.wait { $0.types(for: token).contains("verification.delivery_failed") }

                let (_, answer) = try await Self.json(
                    client, "\(base)/process/continue",
                    body: #"{"token":"\#(token)","codematch":{"key":"\#(code)"}}"#)
                let result = answer["result"] as? [String: Any]
                #expect(result?["action"] as? String == "FAIL")
                #expect(result?["detail"] as? String == "FAILED TO SEND TO NUMBER")
                try await receiver.wait { $0.types(for: token).contains("verification.rejected") }
                #expect(
                    receiver.types(for: token) == [
                        "verification.started", "verification.sent", "verification.delivered",
                        "verification.delivery_failed", "verification.rejected",
                    ])
                let failed = receiver.bodies(at: "/events").first {
                    $0["verification_id"] as? String == token
                        && $0["type"] as? String == "verification.delivery_failed"
                }
                #expect(failed?["reason"] as? String == "not_delivered")

                // The same SMS-only server serves iDenfy too: its SMS goes through Kannel.
                let (status, sent) = try await Self.json(
                    client, "\(base)/fraud/send-sms", body: #"{"phone_number":"+12015550119"}"#,
                    basic: "key:idenfy-secret")
                #expect(status == 200)
                #expect(sent["request_id"] is String)
                let idenfy = try await gateway.waitForMessages(to: "+12015550119", count: 1)
                let idenfyText = try #require(idenfy.first.flatMap(CarrierMessage.init))
                #expect(idenfyText.from == "iDenfy")
                #expect(idenfyText.text.hasPrefix("iDenfy code: "))
                #expect(idenfyText.text.hasSuffix(". Valid for 5 minutes."))
            }
        }
    }
}
