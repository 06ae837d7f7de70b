import Foundation
import OTPProviders
import Testing
import Verification
import VerificationSQLite
import VerificationTestSupport

/// The security properties: random codes and ids, digests only, nothing secret in events.
@Suite("Security properties")
struct SecurityTests {
    @Test("Codes are uniform: every digit at every position within 5% of a tenth over 200,000 codes")
    func uniformCodes() {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 10), count: 4)
        let n = 200_000
        for _ in 0..<n {
            for (position, digit) in SecureRandom.code(digits: 4).utf8.enumerated() {
                counts[position][Int(digit - 48)] += 1
            }
        }
        for position in counts {
            for count in position { #expect(abs(Double(count) / Double(n) - 0.1) < 0.005) }
        }
        #expect(SecureRandom.code(digits: 10).count == 10)
    }

    @Test("Tokens and request ids: the documents' shapes, at least 128 random bits, never repeated")
    func identifiers() {
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let token = SecureRandom.phoneMatchToken()
            #expect(token.count == 32 && token.allSatisfy { $0.isLowercase || $0.isNumber })
            let id = SecureRandom.idenfyRequestID()
            #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
            seen.insert(token)
            seen.insert(id)
        }
        #expect(seen.count == 20_000)
        // 32 base-36 characters carry 165 bits; 32 hexadecimal digits 128.
        #expect(32 * log2(36.0) >= 128 && 32 * 4 >= 128)
    }

    @Test("The store holds a digest of the code, never the code; a digest is bound to its id and generation")
    func digestsOnly() async throws {
        let path = StoreKind.temporaryPath()
        let store = try await SQLiteVerificationStore.open(path: path)
        let h = Harness(store: store)
        let record = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: Harness.caller)
        let code = try #require(h.channel.lastCode(to: "+12015550123"))
        let stored = try #require(try await store.verification(id: record.id))
        #expect(stored.codeDigest.count == 32)
        #expect(!String(describing: stored).contains(code))
        // The same code under another id or generation has another digest.
        let other = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550124"), caller: Harness.caller)
        #expect(try await store.verification(id: other.id)?.codeDigest != stored.codeDigest)
        await store.close()
        // Nowhere in the database file or its WAL is the SMS text (which holds the code) or the code
        // next to its verification id.
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path + suffix))) ?? Data()
            #expect(bytes.range(of: Data("code: \(code)".utf8)) == nil)
        }
    }

    @Test("Events, errors and records never contain a code")
    func noCodeInEvents() async throws {
        let h = try await Harness.make(.memory)
        let record = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: Harness.caller)
        let code = try #require(h.channel.lastCode(to: "+12015550123"))
        _ = try await h.engine.verifyIdenfySMS(
            requestID: record.id, code: Secret(code == "0000" ? "0001" : "0000"))
        _ = try await h.engine.verifyIdenfySMS(requestID: record.id, code: Secret(code))
        h.clock.advance(by: .seconds(600))
        try await h.engine.runDueSteps()
        let rendered = h.observer.all.map { String(reflecting: $0) } + h.channel.messages.map(\.description)
        #expect(!rendered.isEmpty)
        for text in rendered { #expect(!text.contains(code), "\(text)") }
    }

    @Test("A server secret shorter than 32 bytes is refused")
    func shortSecret() {
        #expect(throws: VerificationError.configuration(.secretTooShort(minimumBytes: 32))) {
            _ = try VerificationKeys(secret: Array(repeating: 7, count: 31))
        }
    }

    @Test("A code checked under other keys (another secret) does not pass")
    func otherKeys() async throws {
        let store = InMemoryVerificationStore()
        let clock = VirtualClock()
        let a = Harness(store: store, keys: .random(), clock: clock)
        let b = Harness(store: store, keys: .random(), clock: clock)
        let record = try await a.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: Harness.caller)
        let code = try #require(a.channel.lastCode(to: "+12015550123"))
        #expect(try await b.engine.verifyIdenfySMS(requestID: record.id, code: Secret(code)) == false)
        #expect(try await a.engine.verifyIdenfySMS(requestID: record.id, code: Secret(code)))
    }
}
