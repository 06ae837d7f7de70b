import Foundation
import Testing
import VerificationTestSupport

@testable import Verification

/// The engine's buffered CSPRNG.
@Suite("Buffered random")
struct BufferedRandomTests {
    @Test("Buffered codes are uniform: every digit at every position within 5% of a tenth over 200,000 codes")
    func bufferedUniformCodes() {
        let random = SecureRandomBuffer()
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 10), count: 4)
        let n = 200_000
        for _ in 0..<n {
            for (position, digit) in random.code(digits: 4).utf8.enumerated() {
                counts[position][Int(digit - 48)] += 1
            }
        }
        for position in counts {
            for count in position { #expect(abs(Double(count) / Double(n) - 0.1) < 0.005) }
        }
        for digits in 1...18 {
            let code = random.code(digits: digits)
            #expect(code.utf8.count == digits && code.utf8.allSatisfy { (48...57).contains($0) })
        }
    }

    @Test("Buffered ids and tokens: the documents' shapes, never repeated, hex digits uniform")
    func bufferedIdentifiers() {
        let random = SecureRandomBuffer()
        var seen = Set<String>()
        var hexCounts = [Character: Int]()
        for _ in 0..<10_000 {
            let token = random.phoneMatchToken()
            #expect(token.count == 32 && token.allSatisfy { ($0.isLowercase || $0.isNumber) && $0.isASCII })
            let id = random.idenfyRequestID()
            #expect(id.count == 32 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
            for character in id { hexCounts[character, default: 0] += 1 }
            seen.insert(token)
            seen.insert(id)
        }
        #expect(seen.count == 20_000)
        #expect(hexCounts.count == 16)
        for count in hexCounts.values { #expect(abs(Double(count) / 320_000 - 1.0 / 16) < 0.003) }
    }

    @Test("Bytes handed out from the buffer are zeroed in it")
    func bufferZeroed() {
        let random = SecureRandomBuffer()
        for _ in 0..<100 {
            _ = random.code(digits: 6)
            _ = random.idenfyRequestID()
            _ = random.phoneMatchToken()
            #expect(random.handedOutBytesAreZero())
        }
    }

    @Test("The engine draws its iDenfy ids from its buffer: distinct, well-formed")
    func engineIDs() async throws {
        let engine = Harness(store: InMemoryVerificationStore()).engine
        var ids = Set<String>()
        for index in 0..<50 {
            let record = try await engine.sendIdenfySMS(
                .init(phoneNumber: "+120155501\(10 + index)"), caller: .init(account: "a"))
            #expect(record.id.count == 32 && record.id.allSatisfy(\.isHexDigit))
            ids.insert(record.id)
        }
        #expect(ids.count == 50)
    }
}
