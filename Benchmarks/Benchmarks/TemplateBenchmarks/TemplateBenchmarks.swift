// MessageTemplates benchmarks: compile once, render many times, SMS cost analysis, and
// swift-mustache rendering the same short template for comparison.
//
//   cd Benchmarks && swift package benchmark --target TemplateBenchmarks
//
// Every input (templates, values, buffers, texts) is built outside the measured loop. The fast
// benchmarks run 1,000 operations per iteration (`scalingFactor: .kilo`), so the figures reported
// are per operation.
import Benchmark
import MessageTemplates
import Mustache
import OTPProviders

let shortSource = "Hello {fn}, your one-time password is {pin}"

/// About 600 bytes with 12 placeholders.
let longSource: String = {
    let sentences = [
        "Dear customer, this message confirms the request made from your account ",
        "at our service desk; if this was not you, please contact support now. ",
        "Your verification code is valid for ten minutes and may be used once. ",
        "Never share it with anyone, including people who say they are our staff. ",
    ]
    var text = ""
    for index in 0..<12 {
        text += sentences[index % sentences.count].prefix(44) + " {p\(index)} "
    }
    return text
}()

let unicodeSource = "Cześć {fn}! Twój kod to {pin}. Код подтверждения: {pin} 😀"

let asciiText: [UInt8] = Array(
    String(
        repeating: "Your one-time password is 123456. Do not share it with anyone; it expires soon. ",
        count: 13
    ).utf8.prefix(1_000))

let ucs2Text: [UInt8] = Array(
    String(repeating: "Ваш код подтверждения 123456, не сообщайте его никому. 😀 ", count: 10).utf8.prefix(
        1_000))

func compiled(_ source: String, schema: TemplateSchema? = nil) -> CompiledTemplate? {
    if let schema { return try? CompiledTemplate(source, schema: schema) }
    return try? CompiledTemplate(source)
}

let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .throughput, .mallocCountTotal]

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: metrics,
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 1_000,
        // Per 1000-operation sample: tolerate the harness's occasional few mallocs; one allocation
        // per operation adds 1000.
        thresholds: [.mallocCountTotal: .init(absolute: [.p90: 100])]
    )

    Benchmark("render_shortToString") { benchmark in
        guard let template = compiled(shortSource, schema: .phoneMatch) else {
            return benchmark.error("compile")
        }
        var values = TemplateValues(for: template)
        values["fn"] = "Alexander"
        values["pin"] = "123456"
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try template.render(values))
        }
    }

    Benchmark("render_shortToBuffer") { benchmark in
        guard let template = compiled(shortSource, schema: .phoneMatch) else {
            return benchmark.error("compile")
        }
        var values = TemplateValues(for: template)
        values["fn"] = "Alexander"
        values["pin"] = "123456"
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            buffer.removeAll(keepingCapacity: true)
            try template.render(values, appendingTo: &buffer)
            blackHole(buffer.count)
        }
    }

    Benchmark("render_longToString") { benchmark in
        guard let template = compiled(longSource) else { return benchmark.error("compile") }
        var values = TemplateValues(for: template)
        for slot in 0..<template.slotCount { values[slot: slot] = "value-\(slot)" }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try template.render(values))
        }
    }

    Benchmark("render_unicodeToString") { benchmark in
        guard let template = compiled(unicodeSource) else { return benchmark.error("compile") }
        var values = TemplateValues(for: template)
        values["fn"] = "Łukasz"
        values["pin"] = "123456"
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try template.render(values))
        }
    }

    Benchmark("compile_short") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try CompiledTemplate(shortSource, schema: .phoneMatch))
        }
    }

    Benchmark("compile_long") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try CompiledTemplate(longSource))
        }
    }

    Benchmark("smsAnalysis_ascii") { benchmark in
        let bytes = asciiText
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            bytes.withUnsafeBufferPointer { blackHole(SMSAnalysis(utf8: $0)) }
        }
    }

    Benchmark("smsAnalysis_ucs2") { benchmark in
        let bytes = ucs2Text
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            bytes.withUnsafeBufferPointer { blackHole(SMSAnalysis(utf8: $0)) }
        }
    }

    Benchmark("mustache_shortToString") { benchmark in
        let template = try MustacheTemplate(string: "Hello {{fn}}, your one-time password is {{pin}}")
        let context: [String: String] = ["fn": "Alexander", "pin": "123456"]
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(template.render(context))
        }
    }
}
