import Foundation
import Testing

/// A run of the binary on a fixture and the exact output expected from it.
struct OutputCase: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let expected: String
    let status: Int32

    init(_ arguments: [String], _ expected: String, _ status: Int32) {
        self.arguments = arguments
        self.expected = expected
        self.status = status
    }

    var testDescription: String { "normalize " + arguments.joined(separator: " ") }
}

private let csvArguments = ["--csv", "--column", "phone", "--region-column", "country", "--region", "US"]

/// Expected outputs come from Fixtures/generate.py (numbers from phonenumbers 9.0.43, the oracle).
let outputCases: [OutputCase] = [
    OutputCase(["--region", "US", "numbers.txt"], "numbers.e164.expected", 65),
    OutputCase(["--region", "us", "--format", "national", "numbers.txt"], "numbers.national.expected", 65),
    OutputCase(["--region", "US", "--format", "rfc3966", "numbers.txt"], "numbers.rfc3966.expected", 65),
    OutputCase(["--region", "US", "--output", "jsonl", "numbers.txt"], "numbers.jsonl.expected", 65),
    OutputCase(["--region", "US", "--output", "tsv", "numbers.txt"], "numbers.tsv.expected", 65),
    OutputCase(csvArguments + ["customers.csv"], "customers.expected.csv", 65),
    OutputCase(
        ["--csv", "--column", "4", "--region-column", "3", "--region", "US", "customers.csv"],
        "customers.expected.csv", 65),
    OutputCase(csvArguments + ["--append", "customers.csv"], "customers.append.expected.csv", 65),
    OutputCase(csvArguments + ["--output", "jsonl", "customers.csv"], "customers.jsonl.expected", 65),
    OutputCase(
        ["--tsv", "--column", "2", "--region-column", "region", "--region", "GB", "contacts.tsv"],
        "contacts.expected.tsv", 65),
]

@Suite("normalize output")
struct CLIOutputTests {
    @Test(arguments: outputCases)
    func fixtureOutput(_ testCase: OutputCase) throws {
        let run = try NormalizeRun.run(testCase.arguments)
        let expected = try NormalizeRun.fixture(testCase.expected)
        #expect(run.stdoutText == String(decoding: expected, as: UTF8.self))
        #expect(run.stdout == expected)
        #expect(run.status == testCase.status, "stderr: \(run.stderrText)")
    }

    @Test("standard input, as '-' or with no file, reads like a file")
    func standardInput() throws {
        let input = try NormalizeRun.fixture("numbers.txt")
        let expected = try NormalizeRun.fixture("numbers.e164.expected")
        for arguments in [["--region", "US", "-"], ["--region", "US"]] {
            let run = try NormalizeRun.run(arguments, stdin: input)
            #expect(run.stdout == expected)
            #expect(run.stderrText == "normalize: -:18: invalid_utf8\n")
            #expect(run.status == 65)
        }
    }

    @Test("several files are read in order, the header written once")
    func severalFiles() throws {
        let run = try NormalizeRun.run(csvArguments + ["customers.csv", "customers.csv"])
        let expected = try NormalizeRun.fixture("customers.expected.csv")
        let header = expected.prefix { $0 != 0x0A }.count + 1
        #expect(run.stdout == expected + expected.dropFirst(header))
        #expect(run.status == 65)
    }

    @Test("--reject writes every failed row with its line number and reason")
    func rejectFile() throws {
        let directory = try NormalizeRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = directory.appendingPathComponent("lines.tsv")
        let table = directory.appendingPathComponent("table.csv")
        let first = try NormalizeRun.run(["--region", "US", "--reject", lines.path, "numbers.txt"])
        #expect(first.status == 65)
        #expect(try Data(contentsOf: lines) == NormalizeRun.fixture("numbers.reject.expected"))
        let second = try NormalizeRun.run(csvArguments + ["--reject", table.path, "customers.csv"])
        #expect(second.status == 65)
        #expect(try Data(contentsOf: table) == NormalizeRun.fixture("customers.reject.expected.csv"))
    }

    @Test("--stats prints the summary to standard error, after the malformed rows")
    func stats() throws {
        let lines = try NormalizeRun.run(["--region", "US", "--stats", "numbers.txt"])
        let linesStats = String(decoding: try NormalizeRun.fixture("numbers.stats.expected"), as: UTF8.self)
        #expect(lines.stderrText == "normalize: numbers.txt:18: invalid_utf8\n" + linesStats)
        let table = try NormalizeRun.run(csvArguments + ["--stats", "customers.csv"])
        let tableStats = String(decoding: try NormalizeRun.fixture("customers.stats.expected"), as: UTF8.self)
        let malformed = [
            "customers.csv:9: wrong_field_count", "customers.csv:10: wrong_field_count",
            "customers.csv:12: text_after_closing_quote", "customers.csv:13: invalid_utf8",
            "customers.csv:17: unterminated_quote",
        ].map { "normalize: \($0)\n" }.joined()
        #expect(table.stderrText == malformed + tableStats)
    }

    @Test("no progress line when standard error is not a terminal")
    func noProgressOffTerminal() throws {
        let run = try NormalizeRun.run(["--region", "US"], stdin: Data("2015550123\n".utf8))
        #expect(run.stderr.isEmpty)
        #expect(run.stdoutText == "+12015550123\n")
    }

    @Test("a number given as an argument prints its result")
    func numberArguments() throws {
        let one = try NormalizeRun.run(["--region", "US", "(201) 555-0123"])
        #expect(one.stdoutText == "+12015550123\n")
        #expect(one.status == 0)
        let two = try NormalizeRun.run(["--region", "US", "+44 20 7946 0958", "1"])
        #expect(two.stdoutText == "+442079460958\n1\tnot_a_number\n")
        #expect(two.status == 0)
        let json = try NormalizeRun.run(["--output", "jsonl", "+1 201-555-0123 ext. 42"])
        #expect(
            json.stdoutText == """
                {"input":"+1 201-555-0123 ext. 42","e164":"+12015550123","region":"US",\
                "type":"fixed_line_or_mobile","valid":true,"possible":true,"extension":"42","error":null}

                """)
    }

    @Test("--help prints the documented options")
    func help() throws {
        let run = try NormalizeRun.run(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout == (try NormalizeRun.fixture("help.expected")))
    }
}
