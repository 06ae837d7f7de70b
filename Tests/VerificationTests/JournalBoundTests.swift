import Testing
import Verification
import VerificationTestSupport

/// The sandbox journal stays bounded on every store and always shows the newest messages.
@Suite("Journal bound")
struct JournalBoundTests {
    @Test(
        "1,250 messages: the newest 1,000 are shown, at most 1,099 kept, a repeated id ignored",
        arguments: StoreKind.allCases)
    func bounded(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let journal = try #require(store as? any MessageJournal)
        for i in 0..<1250 {
            let message = OutboundMessage(
                id: "m\(i)", verificationID: "v", to: i.isMultiple(of: 2) ? "+12015550123" : "+12015550124",
                kind: .sms, text: "text \(i)", sender: nil, createdAt: Timestamp(milliseconds: Int64(i)))
            try await journal.append(message)
            if i == 1249 { try await journal.append(message) }
        }
        let shown = try await journal.entries(to: nil, limit: MessageJournalLimits.capacity)
        #expect(shown.count == 1000)
        #expect(shown.first?.id == "m250" && shown.last?.id == "m1249")
        let kept = try await journal.entries(to: nil, limit: 10_000)
        #expect((1000...1099).contains(kept.count))
        let toOne = try await journal.entries(to: "+12015550124", limit: 3)
        #expect(toOne.map(\.id) == ["m1245", "m1247", "m1249"])
    }
}
