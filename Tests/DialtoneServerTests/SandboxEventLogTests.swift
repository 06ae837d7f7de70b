import DialtoneServer
import Testing
import Verification

/// The sandbox's in-memory event log: bounded, per verification, most recently active first.
@Suite("Sandbox event log")
struct SandboxEventLogTests {
    static func event(_ kind: VerificationEvent.Kind, _ id: String?, at seconds: Int64) -> VerificationEvent {
        VerificationEvent(
            kind: kind, verificationID: id, flow: .idenfy, region: "US", at: Timestamp(seconds: seconds))
    }

    @Test("Events without a verification are not kept; each verification's are, in order")
    func perVerification() async {
        let log = SandboxEventLog()
        await log.record(Self.event(.throttled(.perNumber, enforced: true), nil, at: 1))
        await log.record(Self.event(.started, "a", at: 2))
        await log.record(Self.event(.started, "b", at: 3))
        await log.record(Self.event(.sent(.sms), "a", at: 4))
        #expect(log.events(of: "a").map(\.kind) == [.started, .sent(.sms)])
        #expect(log.recentVerificationIDs(limit: 10) == ["a", "b"])
        #expect(log.recentVerificationIDs(limit: 1) == ["a"])
        log.removeAll()
        #expect(log.recentVerificationIDs(limit: 10).isEmpty)
    }

    @Test("It keeps the newest events only: at least the capacity, at most 500 more")
    func bounded() async {
        let log = SandboxEventLog()
        let total = SandboxEventLog.capacity + 1_234
        for index in 0..<total {
            await log.record(Self.event(.started, "v\(index)", at: Int64(index)))
        }
        let ids = log.recentVerificationIDs(limit: .max)
        #expect(ids.count >= SandboxEventLog.capacity && ids.count < SandboxEventLog.capacity + 500)
        #expect(ids.first == "v\(total - 1)")
        // Two batches of 500 trimmed: the oldest 1,000 are gone, the rest kept.
        #expect(ids.last == "v1000")
        #expect(log.events(of: "v999").isEmpty)
    }
}
