// Phone-number hot paths: parsing by input shape, the whole gateway job over a mixed corpus,
// and each output format. Inputs are prepared before measurement starts.
import Benchmark
import Foundation
import PhoneNumbers

/// `REGION<TAB>INPUT` lines from Benchmarks/corpus/sample-10k.tsv (made by corpus/generate.py).
func loadCorpus() -> [(region: String?, input: String)] {
    let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpus/sample-10k.tsv")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").map { line in
        let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
        let region = parts.first.map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        return (region, parts.count > 1 ? String(parts[1]) : "")
    }
}

let shapes: [(String, String?, [String])] = [
    (
        "e164", nil,
        [
            "+14155550123", "+442079460958", "+5491123456789", "+33612345678", "+819012345678",
            "+61412345678", "+4915123456789", "+8613812345678",
        ]
    ),
    (
        "internationalPunctuated", nil,
        [
            "+1 (415) 555-0123", "+44 20 7946 0958", "+54 9 11 2345-6789",
            "+33 6 12 34 56 78", "+81 90-1234-5678", "+61 412 345 678",
        ]
    ),
    ("nationalWithRegion", "GB", ["020 7946 0958", "07700 900123", "0161 496 0000", "0113 496 0000"]),
    ("unicodeDigits", nil, ["+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨", "＋４４ ２０ ７９４６ ０９５８", "+४४ २० ७९४६ ०९५८"]),
    ("extension", nil, ["+44 20 7946 0958 ext. 123", "+1 201 555 0123 x45", "tel:+1-201-555-0123;ext=99"]),
    ("junk", "US", ["hello", "+", "12", "call me maybe", "+999 123", "0000000000000000000000"]),
]

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal],
        warmupIterations: 1000,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000,
        // Thresholds are per 1000-operation sample: the harness adds a few mallocs to some samples
        // and the mixed corpus varies a little between samples, while one allocation per
        // operation adds 1000.
        thresholds: [.mallocCountTotal: .init(absolute: [.p90: 100])]
    )
    let plan = NumberingPlan.bundled

    for (shape, region, inputs) in shapes {
        Benchmark("parse_\(shape)") { benchmark in
            var i = 0
            for _ in benchmark.scaledIterations {
                blackHole(try? PhoneNumber(parsing: inputs[i], region: region, plan: plan))
                i = i == inputs.count - 1 ? 0 : i + 1
            }
        }
    }

    let corpus = loadCorpus()
    let inputs = corpus.map(\.input)
    let regions = corpus.map(\.region)
    Benchmark("job_mixedCorpus") { benchmark in
        // The gateway's whole job per number: parse with a default region, validity, type, E.164.
        // The strings are read in place (no copy of a row, so no reference counting in the loop).
        inputs.withUnsafeBufferPointer { inputs in
            regions.withUnsafeBufferPointer { regions in
                var i = 0
                for _ in benchmark.scaledIterations {
                    if let number = try? PhoneNumber(parsing: inputs[i], region: regions[i], plan: plan) {
                        blackHole(number.isValid)
                        blackHole(number.type)
                        blackHole(number.formatted(.e164, plan: plan))
                    }
                    i = i == inputs.count - 1 ? 0 : i + 1
                }
            }
        }
    }

    let numbers = ["+442079460958", "+12015550123", "+5491123456789", "+390669821234", "+79123456789"]
        .compactMap { try? PhoneNumber(parsing: $0) }
    for (name, format) in [
        ("e164", PhoneNumberFormat.e164), ("international", .international),
        ("national", .national), ("rfc3966", .rfc3966),
    ] {
        Benchmark("format_\(name)") { benchmark in
            var i = 0
            for _ in benchmark.scaledIterations {
                blackHole(numbers[i].formatted(format, plan: plan))
                i = i == numbers.count - 1 ? 0 : i + 1
            }
        }
    }

    Benchmark("plan_firstParse") { benchmark in
        // What the first parse in a process pays: the plan is read in place, nothing is built.
        for _ in benchmark.scaledIterations {
            blackHole(try? PhoneNumber(parsing: "+442079460958", plan: NumberingPlan.bundled))
        }
    }
}
