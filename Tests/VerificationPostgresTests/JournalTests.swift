import Testing
import Verification
import VerificationPostgres

/// The sandbox journal answers as the in-memory one does.
@Suite(.enabled(if: PostgresServer.isEnabled, PostgresServer.skipReason))
struct JournalTests {
    static func entry(_ index: Int, to number: String = "+12015550123") -> OutboundMessage {
        OutboundMessage(
            id: "v\(index % 7)-\(index)", verificationID: "v\(index % 7)", to: number,
            kind: index.isMultiple(of: 3) ? .call : .sms, text: "code \(index)",
            sender: index.isMultiple(of: 2) ? "iDenfy" : nil, createdAt: at(Double(index)))
    }

    @Test func appendEntriesAndReset() async throws {
        try await withStore { postgres in
            let memory = InMemoryVerificationStore()
            for index in 0..<12 {
                let number = index.isMultiple(of: 4) ? "+447700900123" : "+12015550123"
                try await journals(memory, postgres) { try await $0.append(Self.entry(index, to: number)) }
            }
            // The same id again is ignored.
            try await journals(memory, postgres) { try await $0.append(Self.entry(5)) }
            for (number, limit) in [
                (nil, 100), (nil, 5), (nil, 0), ("+447700900123", 100), ("+447700900123", 2),
            ] {
                let entries = try await journals(memory, postgres) {
                    try await $0.entries(to: number, limit: limit)
                }
                #expect(entries.count == min(limit, number == nil ? 12 : 3))
            }
            try await parity(memory, postgres) {
                try await $0.insert(makeRecord("v"), steps: [ScheduledStep(kind: .expire, dueAt: at(0))])
            }
            try await parity(memory, postgres) {
                try await $0.acquire("k", limit: RateLimit(count: 1, per: .seconds(60)), now: t0)
            }
            try await journals(memory, postgres) { try await $0.resetSandbox() }
            #expect(try await postgres.entries(to: nil, limit: 100).isEmpty)
            try await parity(memory, postgres) { try await $0.verification(id: "v") }
            try await parity(memory, postgres) {
                try await $0.acquire("k", limit: RateLimit(count: 1, per: .seconds(60)), now: t0)
            }
            // Step ids start again from 1 in both.
            try await parity(memory, postgres) {
                try await $0.insert(makeRecord("w"), steps: [ScheduledStep(kind: .expire, dueAt: at(0))])
            }
            let steps = try await parity(memory, postgres) {
                try await $0.claimDueSteps(now: at(1), limit: 10, leaseUntil: at(61))
            }
            #expect(steps.map(\.stepID) == [1])
        }
    }

    @Test func keepsTheNewestThousand() async throws {
        try await withStore { postgres in
            // As the SQLite store: trimmed every hundredth message, so 1,000 to 1,099 are kept
            // and the newest 1,000 are shown.
            let count = MessageJournalLimits.capacity + 250
            for index in 0..<count { try await postgres.append(Self.entry(index)) }
            let shown = try await postgres.entries(to: nil, limit: MessageJournalLimits.capacity)
            #expect(shown.count == MessageJournalLimits.capacity)
            #expect(shown.first == Self.entry(250) && shown.last == Self.entry(count - 1))
            let kept = try await postgres.entries(to: nil, limit: 2 * count)
            #expect((1000...1099).contains(kept.count))
        }
    }

    /// Runs `operation` on the in-memory journal and the Postgres one, expects the same answer and
    /// returns it.
    @discardableResult
    func journals<T: Equatable & Sendable>(
        _ memory: InMemoryVerificationStore, _ postgres: PostgresVerificationStore,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ operation: (any MessageJournal) async throws -> T
    ) async throws -> T {
        let expected = try await operation(memory)
        let actual = try await operation(postgres)
        #expect(actual == expected, sourceLocation: sourceLocation)
        return actual
    }

    /// Runs `operation` on the in-memory journal, then on the Postgres one.
    func journals(
        _ memory: InMemoryVerificationStore, _ postgres: PostgresVerificationStore,
        _ operation: (any MessageJournal) async throws -> Void
    ) async throws {
        try await operation(memory)
        try await operation(postgres)
    }
}
