// The HMAC-SHA256 work inside a pair, against swift-crypto's own HMAC and SHA-256 on a message of
// the same size: what the three MACs of a start+check pair cost, and how much of that is the hash.
// The message is a digest's: a 32-character request id (as iDenfy's), 0, "1", 0, a 4-digit code:
// 39 bytes, one SHA-256 block, as in a pair.
import Benchmark
import Crypto
@_spi(Benchmarks) import Verification

/// The digest message's bytes, and the id and code they come from.
let hmacID = "3d50e1584e0946e789e0185c009aaadf"
let hmacCode = "4821"
let hmacMessage = Array(hmacID.utf8) + [0, UInt8(ascii: "1"), 0] + Array(hmacCode.utf8)

func hmacBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )
    let keys = VerificationKeys.random()
    let key = SymmetricKey(size: .bits256)

    // swift-crypto alone: one HMAC-SHA256 (two SHA-256 states) and one SHA-256 of the message.
    Benchmark("hmac_sha256_swift_crypto", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(HMAC<SHA256>.authenticationCode(for: hmacMessage, using: key))
        }
    }
    Benchmark("sha256_swift_crypto", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SHA256.hash(data: hmacMessage))
        }
    }

    // The engine's: a start's digest and seal (two HMACs), a check's digest and compare (one).
    Benchmark("hmac_start", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try keys.startDigests(code: hmacCode, id: hmacID))
        }
    }
    // The stored digest of the code, so that the check below measures a match, as a pair's does.
    guard let stored = try? keys.startDigests(code: hmacCode, id: hmacID).digest,
        keys.checkDigest(stored, entry: hmacCode, id: hmacID)
    else { fatalError("hmac_check: the code's digest does not match itself") }
    Benchmark("hmac_check", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(keys.checkDigest(stored, entry: hmacCode, id: hmacID))
        }
    }
}
