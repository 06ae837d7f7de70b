import Foundation
import Testing

/// A run on standard input and the exact output expected from it.
struct StdinCase: Sendable, CustomTestStringConvertible {
    let name: String
    let arguments: [String]
    let stdin: String
    let expected: String

    var testDescription: String { name }
}

/// Extensions, extra fields and region codes: nothing the input holds is lost or misplaced.
@Suite("normalize keeps every piece of a row")
struct CLIDataKeptTests {
    static let extensionCases: [StdinCase] = [
        StdinCase(
            name: "E.164 keeps the extension as ;ext=", arguments: ["--region", "US"],
            stdin: "+1 201-555-0123 ext. 42\n2015550123 x7\n2015550123\n",
            expected: "+12015550123;ext=42\n+12015550123;ext=7\n+12015550123\n"),
        StdinCase(
            name: "--drop-extension drops it", arguments: ["--region", "US", "--drop-extension"],
            stdin: "+1 201-555-0123 ext. 42\n", expected: "+12015550123\n"),
        StdinCase(
            name: "other formats write it their way", arguments: ["--region", "US", "--format", "rfc3966"],
            stdin: "+1 201-555-0123 ext. 42\n", expected: "tel:+1-201-555-0123;ext=42\n"),
        StdinCase(
            name: "--drop-extension in another format",
            arguments: ["--region", "US", "--format", "international", "--drop-extension"],
            stdin: "+1 201-555-0123 ext. 42\n", expected: "+1 201-555-0123\n"),
        StdinCase(
            name: "CSV column", arguments: ["--csv", "--column", "phone", "--region", "US"],
            stdin: "id,phone\n1,+1 201-555-0123 ext. 42\n",
            expected: "id,phone,status,reason\n1,+12015550123;ext=42,valid,\n"),
        StdinCase(
            name: "CSV --append", arguments: ["--csv", "--column", "phone", "--region", "US", "--append"],
            stdin: "id,phone\n1,2015550123 #42\n",
            expected: "id,phone,e164,status,reason\n1,2015550123 #42,+12015550123;ext=42,valid,\n"),
        StdinCase(
            name: "JSON Lines keep E.164 plain and the extension apart",
            arguments: ["--region", "US", "--output", "jsonl"], stdin: "2015550123 ext 42\n",
            expected: """
                {"input":"2015550123 ext 42","e164":"+12015550123","region":"US","type":"fixed_line_or_mobile",\
                "valid":true,"possible":true,"extension":"42","error":null}

                """),
        StdinCase(
            name: "JSON Lines with --drop-extension",
            arguments: ["--region", "US", "--output", "jsonl", "--drop-extension"],
            stdin: "2015550123 ext 42\n",
            expected: """
                {"input":"2015550123 ext 42","e164":"+12015550123","region":"US","type":"fixed_line_or_mobile",\
                "valid":true,"possible":true,"extension":null,"error":null}

                """),
        StdinCase(
            name: "TSV result table", arguments: ["--region", "US", "--output", "tsv"],
            stdin: "2015550123 ext 42\n",
            expected: "input\te164\tregion\ttype\tvalid\tpossible\textension\terror\n"
                + "2015550123 ext 42\t+12015550123\tUS\tfixed_line_or_mobile\ttrue\ttrue\t42\t\n"),
    ]

    @Test("an extension is kept unless dropped", arguments: extensionCases)
    func extensions(_ c: StdinCase) throws {
        let run = try NormalizeRun.run(c.arguments, stdin: Data(c.stdin.utf8))
        #expect(run.stdoutText == c.expected)
        #expect(run.status == 0, "stderr: \(run.stderrText)")
    }

    @Test("an E.164 with its extension reads back as the same number and extension")
    func extensionReadsBack() throws {
        let first = try NormalizeRun.run(["--region", "US"], stdin: Data("+1 201-555-0123 ext. 42\n".utf8))
        let again = try NormalizeRun.run(["--output", "jsonl"], stdin: first.stdout)
        #expect(again.stdoutText.contains(#""e164":"+12015550123""#))
        #expect(again.stdoutText.contains(#""extension":"42""#))
    }

    static let fieldCountCases: [StdinCase] = [
        StdinCase(
            name: "CSV: extra fields follow status and reason",
            arguments: ["--csv", "--column", "phone", "--region", "US"],
            stdin: "id,phone,note\n1,2015550123,a,b,\"c,d\"\n2,2015550124\n3,2015550125,ok\n",
            expected: "id,phone,note,status,reason\n"
                + "1,2015550123,a,malformed,wrong_field_count,b,\"c,d\"\n"
                + "2,2015550124,,malformed,wrong_field_count\n"
                + "3,+12015550125,ok,valid,\n"),
        StdinCase(
            name: "CSV --append: the appended column stays in its place",
            arguments: ["--csv", "--column", "phone", "--region", "US", "--append"],
            stdin: "id,phone\n1,2015550123,x\n",
            expected: "id,phone,e164,status,reason\n1,2015550123,,malformed,wrong_field_count,x\n"),
        StdinCase(
            name: "CSV: an unterminated quote among the extra fields is closed after them",
            arguments: ["--csv", "--column", "phone", "--region", "US"],
            stdin: "id,phone\n1,2015550123,x,\"open",
            expected: "id,phone,status,reason\n1,2015550123,malformed,unterminated_quote,x,\"open\"\n"),
        StdinCase(
            name: "TSV: extra fields follow status and reason",
            arguments: ["--tsv", "--column", "2", "--region", "GB"],
            stdin: "name\tphone\nAnn\t020 7946 0958\textra\tmore\n",
            expected:
                "name\tphone\tstatus\treason\nAnn\t020 7946 0958\tmalformed\twrong_field_count\textra\tmore\n"
        ),
    ]

    @Test("every row lines up with the header and keeps every field", arguments: fieldCountCases)
    func fieldCounts(_ c: StdinCase) throws {
        let run = try NormalizeRun.run(c.arguments, stdin: Data(c.stdin.utf8))
        #expect(run.stdoutText == c.expected)
        #expect(run.status == 65, "stderr: \(run.stderrText)")
    }

    /// Arguments, and whether each is read as a number (else as a file, which is missing here).
    static let argumentCases: [(String, Bool)] = [
        ("(201) 555-0123", true), ("+442079460958", true), ("+44 20 7946 0958", true),
        ("020 7946 0958", true),
        ("2015550123", true), ("20240101", true), ("12", true), ("1", true), ("1-800-FLOWERS", true),
        ("+1 201-555-0123 ext. 42", true), ("2015550123x42", true), ("2015550123 #42", true),
        ("+1 201 555 0123;ext=42", true), ("tel:+1-201-555-0123", true), ("201.555.0123", true),
        ("+44\u{00A0}20\u{2009}7946\u{2013}0958", true), ("+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨", true),
        ("numbers2024", false), ("data-2024", false), ("2024-data", false), ("2024numbers", false),
        ("numbers_2024", false), ("report 2024", false), ("abc1", false), ("v2", false),
        ("1800FLOWERS", false), ("1-800-flowers", false), ("2015550123 ext", false),
        ("2015550123 ext. 42a", false), ("2015550123;x", false), ("2024.csv", false), ("numbers.txt", false),
        ("./2015550123", false), ("dir/2015550123", false), ("-", false),
    ]

    @Test(
        "an argument is a number only when it looks like one; a missing file is an error",
        arguments: argumentCases)
    func argument(_ argument: String, _ isNumber: Bool) throws {
        let directory = try NormalizeRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try NormalizeRun.run(["--region", "US", "--", argument], in: directory)
        if isNumber {
            #expect(run.status == 0, "stderr: \(run.stderrText)")
            #expect(run.stdoutText.hasSuffix("\n") && run.stdoutText.filter { $0 == "\n" }.count == 1)
            #expect(run.stderr.isEmpty)
        } else if argument == "-" {
            #expect(run.status == 0 && run.stdout.isEmpty)  // standard input, empty here
        } else {
            #expect(run.status == 74, "stdout: \(run.stdoutText)")
            #expect(run.stderrText.hasPrefix("normalize: cannot open \(argument): No such file or directory"))
            #expect(run.stdout.isEmpty)
        }
    }

    @Test("an existing file is read even when its name looks like a number")
    func existingFile() throws {
        let directory = try NormalizeRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("2015550123\n".utf8).write(to: directory.appendingPathComponent("20240101"))
        let run = try NormalizeRun.run(["--region", "US", "20240101"], in: directory)
        #expect(run.stdoutText == "+12015550123\n")
    }

    /// Region codes as written, and the region both `--region` and a region cell read them as.
    static let regionCases: [(String, String?)] = [
        ("GB", "GB"), ("gb", "GB"), ("UK", "GB"), ("uk", "GB"), (" GB ", "GB"), ("EL", "GR"), ("Gr", "GR"),
        ("XX", nil), ("GBR", nil), ("U", nil),
    ]

    @Test("--region and a region cell follow one rule", arguments: regionCases)
    func regionRule(_ written: String, _ region: String?) throws {
        let national = region == "GR" ? "21 0123 4567" : "07400 123456"
        let expected = region == "GR" ? "+302101234567" : "+447400123456"
        let option = try NormalizeRun.run(["--region", written], stdin: Data("\(national)\n".utf8))
        let cell = try NormalizeRun.run(
            ["--csv", "--column", "phone", "--region-column", "region"],
            stdin: Data("phone,region\n\(national),\(written)\n".utf8))
        if region != nil {
            #expect(option.status == 0 && option.stdoutText == "\(expected)\n", "\(option.stderrText)")
            #expect(cell.stdoutText == "phone,region,status,reason\n\(expected),\(written),valid,\n")
        } else {
            #expect(option.status == 64 && option.stderrText.contains("unknown region"))
            #expect(cell.stdoutText.hasSuffix(",invalid,unknown_region\n"))
        }
    }
}
