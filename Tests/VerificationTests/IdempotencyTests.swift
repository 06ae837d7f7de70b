import OTPProviders
import Testing
import Verification
import VerificationTestSupport

@Suite("Idempotency keys")
struct IdempotencyTests {
    @Test(
        "A repeat within the window returns the same verification and sends nothing",
        arguments: StoreKind.allCases)
    func repeatStart(_ kind: StoreKind) async throws {
        let h = try await Harness.make(kind)
        let caller = VerificationEngine.Caller(account: "acct", idempotencyKey: "order-42")
        let first = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: caller)
        let again = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: caller)
        #expect(again.id == first.id)
        #expect(h.channel.messages.count == 1)
        guard
            case .pending(let pm1) = try await h.engine.startPhoneMatch(
                Harness.phoneMatch("+442079460958"), caller: caller),
            case .pending(let pm2) = try await h.engine.startPhoneMatch(
                Harness.phoneMatch("+442079460958"), caller: caller)
        else { Issue.record("not pending"); return }
        #expect(pm1.id == pm2.id && pm1.id != first.id)
        #expect(h.channel.messages.count == 2)
        // Another account's same key is another verification.
        let other = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550124"),
            caller: .init(account: "other", idempotencyKey: "order-42"))
        #expect(other.id != first.id)
        // After the window (24 hours) the key starts a new verification.
        h.clock.advance(by: .seconds(86_400))
        let later = try await h.engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550123"), caller: caller)
        #expect(later.id != first.id)
    }

    @Test(
        "16 concurrent starts with one key: one verification, one message; the others get it or a conflict",
        arguments: StoreKind.allCases)
    func concurrentRepeat(_ kind: StoreKind) async throws {
        let h = try await Harness.make(kind)
        let engine = h.engine
        let outcomes = await withTaskGroup(of: Result<String, VerificationError>.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    do throws(VerificationError) {
                        return .success(
                            try await engine.sendIdenfySMS(
                                IdenfySendSMSRequest(phoneNumber: "+12015550123"),
                                caller: .init(account: "acct", idempotencyKey: "k")
                            ).id)
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: [Result<String, VerificationError>]()) { $0.append($1) }
        }
        let ids = Set(outcomes.compactMap { try? $0.get() })
        #expect(ids.count == 1)
        for case .failure(let error) in outcomes { #expect(error == .idempotencyConflict) }
        #expect(h.channel.messages.count == 1)
        // Once the first is stored, a repeat returns it.
        let again = try await engine.sendIdenfySMS(
            IdenfySendSMSRequest(phoneNumber: "+12015550123"),
            caller: .init(account: "acct", idempotencyKey: "k"))
        #expect(ids == [again.id])
    }

    @Test("A refused start frees its key: the repeat is judged again")
    func refusedStartFreesKey() async throws {
        let h = try await Harness.make(.sqlite)
        let caller = VerificationEngine.Caller(account: "acct", idempotencyKey: "k")
        for _ in 0..<2 {
            guard
                case .fail(.dataCheckFailed, _, _) = try await h.engine.startPhoneMatch(
                    Harness.phoneMatch("12345"), caller: caller)
            else { Issue.record("not DATA CHECK FAILED"); return }
        }
    }
}
