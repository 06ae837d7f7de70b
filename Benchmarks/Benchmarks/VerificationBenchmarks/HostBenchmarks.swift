// The host's own speed while the pairs run, to read their figures by: the same fixed work, timed
// in samples as the pairs are. `host_compute` touches no memory (a chain of multiplications);
// `host_memory` follows a random cycle through 128 MB, so each step is a load that misses every
// cache. A host whose memory is shared with
// busy neighbours shows it in `host_memory`'s spread (p90 against p10) while `host_compute`
// stays flat.
import Benchmark

/// A random cyclic permutation of `count` slots (Sattolo's algorithm): following it from any
/// slot visits every slot once before coming back.
func randomCycle(count: Int) -> [Int32] {
    var cycle = Array(0..<Int32(count))
    var generator = SystemRandomNumberGenerator()
    for i in stride(from: count - 1, to: 0, by: -1) {
        cycle.swapAt(i, Int.random(in: 0..<i, using: &generator))
    }
    return cycle
}

func hostBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock],
        warmupIterations: 2,
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )

    // 1,000 × 200 dependent multiply-adds a sample.
    Benchmark("host_compute", configuration: configuration) { benchmark in
        var x: UInt64 = 1
        for _ in benchmark.scaledIterations {
            for _ in 0..<200 { x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }
        }
        blackHole(x)
    }

    // 1,000 × 20 dependent loads a sample, from 32 M slots of 4 bytes.
    let cycle = Slot<[Int32]>()
    Benchmark("host_memory", configuration: configuration) { benchmark in
        try cycle.get().withUnsafeBufferPointer { slots in
            var position = Int(slots[0])
            for _ in benchmark.scaledIterations {
                for _ in 0..<20 { position = Int(slots[position]) }
            }
            blackHole(position)
        }
    } setup: {
        cycle.set(randomCycle(count: 32 << 20))
    }
}
