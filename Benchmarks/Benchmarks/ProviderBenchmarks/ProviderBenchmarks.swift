// OTP provider requests: validation and pre-flight, excluding JSON coding. Inputs are built before
// measurement starts; each measured iteration validates one ready request.
import Benchmark
import OTPProviders
import PhoneNumbers

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal],
        warmupIterations: 1000,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000,
        // Thresholds are per 1000-call sample; the harness adds 0-16 mallocs to some samples, while
        // one allocation per call adds 1000.
        thresholds: [.mallocCountTotal: .init(absolute: [.p90: 100])]
    )
    let plan = NumberingPlan.bundled

    let send = IdenfySendSMSRequest(phoneNumber: "+12015550123", senderName: "Dialtone")
    Benchmark("validate_idenfySendRequest") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(send.validate(plan: plan))
        }
    }

    let verify = IdenfyVerifySMSRequest(
        requestID: "3d50e1584e0946e789e0185c009aaadf", receivedCode: Secret("1234"))
    Benchmark("validate_idenfyVerifyRequest") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(verify.validate())
        }
    }

    let settings = PhoneMatchNormalization()
    let phoneMatch = PhoneMatchInitialRequest(
        user: "user@company.com", password: Secret("PASSWORD"), service: .sms, reference: "12345",
        options: .init(
            outOfBand: .init(
                message: "Hello {fn}, your one-time password is {pin}", doNotSendToTypes: [.voip],
                country: .init(blacklist: ["CU", "IR"], whitelist: ["US", "CA", "GB"]))),
        target: .init(firstName: "John", lastName: "Smith", phone: "2015106000"))
    Benchmark("validate_phoneMatchRequest") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(phoneMatch.validate(settings, plan: plan))
        }
    }

    let preflightOptions = PhoneMatchPreflightOptions()
    Benchmark("preflight_phoneMatchSMS") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(phoneMatch.preflight(preflightOptions, plan: plan))
        }
    }

    // What a gateway does with raw input: normalize, then validate.
    let typedSend = IdenfySendSMSRequest(phoneNumber: "+1 (201) 555-0123", senderName: "Dialtone")
    Benchmark("prepare_idenfySendRequestPunctuated") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? typedSend.prepared(plan: plan))
        }
    }

    let typedVerify = IdenfyVerifySMSRequest(
        requestID: "3d50e1584e0946e789e0185c009aaadf", receivedCode: Secret("١٢ ٣٤"))
    Benchmark("prepare_idenfyVerifyRequestArabicIndic") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? typedVerify.prepared())
        }
    }
}
