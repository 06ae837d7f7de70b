import Foundation
import Testing

/// Rows in equal rows out, in order, on inputs far larger than one batch, with malformed rows
/// (invalid UTF-8, wrong field counts, records over the 1 MiB bound) sprinkled in. Making the
/// inputs and running `normalize` on them take seconds: that is done on a thread of its own, off
/// the cooperative pool, which the other tests' timers and servers need meanwhile.
@Suite("normalize row counts")
struct CLIRowCountTests {
    static let rowCount = 200_000
    static let numbers = [
        "(201) 555-0123", "+44 20 7946 0958", "020 7946 0958", "+49 30 123456", "abc", "12",
        "+1 201-555-0123 ext. 9", "07400 123456", "+33 1 23 45 67 89", "",
    ]

    /// What a generated row is, by its index.
    enum Kind { case ordinary, invalidUTF8, wrongFieldCount, multiline, oversized }

    static func kind(of index: Int) -> Kind {
        if index % 50_000 == 7 { return .oversized }
        if index % 997 == 0 { return .invalidUTF8 }
        if index % 1009 == 0 { return .wrongFieldCount }
        if index % 1013 == 0 { return .multiline }
        return .ordinary
    }

    static func count(_ kind: Kind) -> Int {
        (0..<rowCount).filter { self.kind(of: $0) == kind }.count
    }

    static func makeCSV() -> Data {
        var data = Data("id,country,phone,note\n".utf8)
        data.reserveCapacity(12 << 20)
        let big = String(repeating: "0123456789abcdef\n", count: 100_000)  // 1.6 MiB, many lines
        for index in 0..<rowCount {
            let number = numbers[index % numbers.count]
            let country = ["US", "GB", "", "DE"][index % 4]
            switch kind(of: index) {
            case .ordinary: data.append(contentsOf: Array("\(index),\(country),\"\(number)\",n\n".utf8))
            case .invalidUTF8:
                data.append(contentsOf: Array("\(index),\(country),\(number),".utf8) + [0xC3, 0x28, 0x0A])
            case .wrongFieldCount: data.append(contentsOf: Array("\(index),\(country),\(number)\n".utf8))
            case .multiline: data.append(contentsOf: Array("\(index),\(country),\(number),\"a\nb\"\n".utf8))
            case .oversized: data.append(contentsOf: Array("\(index),US,2015550123,\"\(big)\"\n".utf8))
            }
        }
        return data
    }

    static func makeLines() -> Data {
        var data = Data()
        data.reserveCapacity(4 << 20)
        let big = String(repeating: "5", count: 1_500_000)
        for index in 0..<rowCount {
            switch kind(of: index) {
            case .invalidUTF8: data.append(contentsOf: Array("201 555".utf8) + [0xF0, 0x28, 0x8C, 0x0A])
            case .oversized: data.append(contentsOf: Array("\(big)\n".utf8))
            default: data.append(contentsOf: Array("\(numbers[index % numbers.count])\n".utf8))
            }
        }
        return data
    }

    @Test("CSV: one output row per record, malformed rows reported, status 65")
    func csvRowCount() async throws {
        let (json, same, inputLines) = try await NormalizeRun.onOwnThread {
            let directory = try NormalizeRun.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let input = directory.appendingPathComponent("big.csv")
            try Self.makeCSV().write(to: input)
            let arguments = ["--csv", "--column", "phone", "--region-column", "country", "--region", "US"]
            return (
                try NormalizeRun.run(arguments + ["--output", "jsonl", input.path]),
                try NormalizeRun.run(arguments + ["--stats", input.path]),
                try Data(contentsOf: input).filter { $0 == 0x0A }.count
            )
        }
        #expect(json.status == 65)
        let objects = json.stdout.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        #expect(objects.count == Self.rowCount)
        let text = json.stdoutText
        #expect(
            text.components(separatedBy: "\"error\":\"invalid_utf8\"").count - 1 == Self.count(.invalidUTF8))
        #expect(
            text.components(separatedBy: "\"error\":\"wrong_field_count\"").count - 1
                == Self.count(.wrongFieldCount))
        #expect(
            text.components(separatedBy: "\"error\":\"record_too_long\"").count - 1 == Self.count(.oversized))
        // In order: the ids of the ordinary rows come back in sequence.
        let inputs = objects.prefix(6).map { String(decoding: $0, as: UTF8.self) }
        #expect(inputs[1].hasPrefix("{\"input\":\"+44 20 7946 0958\""))

        #expect(same.status == 65)
        #expect(same.stderrText.contains("\nrows                      200000\n"))
        // Each record keeps its line feeds; an oversized one becomes a single empty row.
        let skippedLines = Self.count(.oversized) * 100_000
        #expect(same.stdout.filter { $0 == 0x0A }.count == inputLines - skippedLines)
        let ids = same.stdout.split(separator: 0x0A).dropFirst().compactMap { line -> Int? in
            guard let comma = line.firstIndex(of: UInt8(ascii: ",")) else { return nil }
            return Int(String(decoding: line[line.startIndex..<comma], as: UTF8.self))
        }
        #expect(ids == ids.sorted())
    }

    @Test("lines: one output line per input line, a 1.5 MB line reported and skipped")
    func linesRowCount() async throws {
        let (run, rejectFile, inputPath) = try await NormalizeRun.onOwnThread {
            let directory = try NormalizeRun.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let input = directory.appendingPathComponent("big.txt")
            let rejects = directory.appendingPathComponent("rejects.tsv")
            try Self.makeLines().write(to: input)
            let run = try NormalizeRun.run(["--region", "US", "--reject", rejects.path, input.path])
            return (run, try Data(contentsOf: rejects), input.path)
        }
        #expect(run.status == 65)
        let lines = run.stdout.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == Self.rowCount)
        #expect(String(decoding: lines[7], as: UTF8.self) == "\trecord_too_long")
        #expect(Array(lines[0]) == Array("201 555".utf8) + [0xF0, 0x28, 0x8C] + Array("\tinvalid_utf8".utf8))
        let rejected = String(decoding: rejectFile, as: UTF8.self).split(separator: "\n")
        #expect(rejected.contains("\(inputPath)\t8\trecord_too_long\t"))
        #expect(run.stderrText.contains(":8: record_too_long\n"))
        #expect(run.stderrText.contains("more malformed rows"))
    }
}
