import OTPProviders
public import Testing
public import Verification

/// Random sequences of send, verify, clock advances and restarts, checked against a small
/// reference model of the iDenfy contract; run on every store (the in-memory and SQLite stores in
/// VerificationTests, PostgreSQL in VerificationPostgresTests).
public enum ModelSequence {
    /// The reference model of one iDenfy request.
    public struct Model {
        let id: String
        let number: String
        let start: Int64
        var codes: [String]
        var state: VerificationState = .pending
        var attempts = 0
        var calls = 0
        var ranSameCodeStep = false
        var ranNewCodeStep = false

        /// Applies the steps due at `now` (the engine's runDueSteps at that moment).
        mutating func runSteps(now: Int64) {
            if !ranSameCodeStep, now >= start + 120 {
                ranSameCodeStep = true
                if state == .pending, now < start + 300 { calls += 1 }
            }
            if !ranNewCodeStep, now >= start + 300 {
                ranNewCodeStep = true
                if state == .pending { calls += 1 }
            }
            if now >= start + 600, state == .pending { state = .expired }
        }

        var generation: Int { ranNewCodeStep && codes.count == 2 ? 2 : 1 }
        var expiry: Int64 { generation == 2 ? start + 600 : start + 300 }

        /// The answer of verify-sms with `entry` at `now`.
        mutating func verify(_ entry: String, now: Int64) -> Bool {
            guard state == .pending, now < expiry, attempts < 5 else { return false }
            attempts += 1
            if entry == codes[generation - 1] {
                state = .approved
                return true
            }
            if attempts == 5 { state = .locked }
            return false
        }
    }

    /// A seeded generator, so a failure is repeatable.
    public struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        /// Creates it.
        public init(state: UInt64) { self.state = state }
        /// The next value.
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Runs 400 seeded random operations. `open(nil)` makes the store; `open(previous)` reopens
    /// it on the same database for a restart (closing `previous` where that means something).
    public static func run(
        seed: UInt64, open: (_ previous: (any VerificationStore)?) async throws -> any VerificationStore
    ) async throws {
        var random = SplitMix(state: seed)
        let clock = VirtualClock()
        let keys = VerificationKeys.random()
        let policy = VerificationPolicy(throttles: ThrottlePolicy(perNumber: nil))
        var store = try await open(nil)
        var harness = Harness(store: store, policy: policy, keys: keys, clock: clock)
        var channelCalls: [String: Int] = [:]
        var models: [Model] = []
        let base = clock.now().milliseconds / 1000

        func now() -> Int64 { clock.now().milliseconds / 1000 - base }
        func collectCalls(_ channel: RecordingChannel) {
            for message in channel.messages where message.kind == .call {
                channelCalls[message.verificationID, default: 0] += 1
            }
        }

        for step in 0..<400 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0...2:
                let number = "+1201555\(String(1000 + models.count))"
                let record = try await harness.engine.sendIdenfySMS(
                    IdenfySendSMSRequest(phoneNumber: number), caller: Harness.caller)
                let code = try #require(harness.channel.lastCode(to: number))
                models.append(Model(id: record.id, number: number, start: now(), codes: [code]))
            case 3...6 where !models.isEmpty:
                let index = Int.random(in: 0..<models.count, using: &random)
                var model = models[index]
                let current = model.codes[model.generation - 1]
                let entry: String
                switch Int.random(in: 0..<3, using: &random) {
                case 0: entry = current
                case 1: entry = model.codes[0]
                default: entry = current == "0000" ? "0001" : "0000"
                }
                let expected = model.verify(entry, now: now())
                let actual = try await harness.engine.verifyIdenfySMS(
                    requestID: model.id, code: Secret(entry))
                #expect(actual == expected, "step \(step): verify \(model.id) at \(now()) s")
                models[index] = model
            case 7...8:
                clock.advance(by: .seconds(Int64.random(in: 1...200, using: &random)))
                // Half the time the worker is late: checks then meet codes past their expiry
                // whose steps have not run yet.
                guard Bool.random(using: &random) else { continue }
                try await harness.engine.runDueSteps()
                for index in models.indices {
                    models[index].runSteps(now: now())
                    // A new code went out by call (message id suffix -3): learn it from the channel.
                    let id = models[index].id
                    if models[index].codes.count == 1,
                        let call = harness.channel.messages.last(where: { $0.id == "\(id)-3" })
                    {
                        let digits = call.text.dropFirst("Your code is ".count).prefix { $0 != "." }
                        models[index].codes.append(digits.filter(\.isNumber))
                    }
                }
            default:
                // Restart: a new engine on a store reopened on the same database.
                collectCalls(harness.channel)
                store = try await open(store)
                harness = Harness(store: store, policy: policy, keys: keys, clock: clock)
            }
        }
        collectCalls(harness.channel)
        for model in models {
            let stored = try #require(try await store.verification(id: model.id))
            #expect(stored.state == model.state, "\(model.id)")
            #expect(stored.attempts == model.attempts, "\(model.id)")
            #expect(channelCalls[model.id, default: 0] == model.calls, "\(model.id) calls")
        }
        // The sequence reached every outcome.
        let states = Set(models.map(\.state))
        #expect(models.count > 50)
        #expect(states.isSuperset(of: [.approved, .expired, .pending]), "\(states)")
        #expect(models.contains { $0.codes.count == 2 } && models.contains { $0.calls > 0 })
    }
}
