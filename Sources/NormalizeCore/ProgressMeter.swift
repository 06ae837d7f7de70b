import Glibc

/// The progress line on a terminal: rows so far and rows per second, redrawn at most four times a
/// second, erased at the end.
package struct ProgressMeter: Sendable {
    private let output: OutputFile
    private let start: Double
    private var lastShown: Double
    private var shown = false

    /// Starts the clock.
    package init(output: OutputFile) {
        self.output = output
        start = Self.now()
        lastShown = start
    }

    /// Redraws the line if a quarter second has passed since the last time.
    package mutating func update(rows: Int) {
        let now = Self.now()
        guard now - lastShown >= 0.25 else { return }
        lastShown = now
        let elapsed = max(now - start, 0.001)
        let rate = Int(Double(rows) / elapsed)
        shown = true
        try? output.write("\r\u{1B}[Knormalize: \(Self.grouped(rows)) rows, \(Self.grouped(rate)) rows/s")
    }

    /// Erases the line.
    package mutating func finish() {
        if shown { try? output.write("\r\u{1B}[K") }
        shown = false
    }

    /// Seconds on the monotonic clock.
    package static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// `1234567` as `1,234,567`.
    package static func grouped(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var result = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
