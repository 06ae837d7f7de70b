import Foundation
import Testing

/// A run and the exit status (and message) expected from it.
struct StatusCase: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let stdin: [UInt8]
    let status: Int32
    let message: String

    init(
        _ arguments: [String], stdin: String = "", bytes: [UInt8] = [], _ status: Int32,
        _ message: String = ""
    ) {
        self.arguments = arguments
        self.stdin = Array(stdin.utf8) + bytes
        self.status = status
        self.message = message
    }

    var testDescription: String { "normalize \(arguments.joined(separator: " ")) → \(status)" }
}

let statusCases: [StatusCase] = [
    StatusCase(["--region", "US"], stdin: "2015550123\n+442079460958\n", 0),
    StatusCase(["--region", "US"], stdin: "2015550123\nabc\n12\n", 0),
    StatusCase(["--region", "US", "--strict"], stdin: "2015550123\nabc\n", 1),
    StatusCase(["--region", "US", "--strict"], stdin: "2015550123\n", 0),
    StatusCase(
        ["--region", "US", "--strict"], stdin: "abc\n", bytes: [0xFF, 0x0A], 65, "-:2: invalid_utf8"),
    StatusCase(["--region", "US"], bytes: [0x32, 0xC3, 0x28, 0x0A], 65, "-:1: invalid_utf8"),
    StatusCase(["--region", "US"], stdin: "2015550123\n", 0),
    StatusCase(
        ["--csv", "--column", "1"], stdin: "phone,x\n+12015550123,1\n+12015550124\n", 65,
        "-:3: wrong_field_count"),
    StatusCase(["--region", "UK"], stdin: "07400 123456\n", 0),
    StatusCase(["--region", "el", "--strict"], stdin: "21 0123 4567\n", 0),
    StatusCase(["--region", "GBB"], 64, "normalize: --region: unknown region 'GBB'; did you mean 'GB'?\n"),
    StatusCase(["--region", "GRC"], 64, "did you mean 'GR'?"),
    StatusCase(["--region", "USA"], 64, "did you mean 'US'?"),
    StatusCase(["--bogus"], 64, "normalize: Unknown option '--bogus'"),
    StatusCase(["--csv"], 64, "normalize: --csv needs --column"),
    StatusCase(["--csv", "--tsv", "--column", "1"], 64, "cannot be used together"),
    StatusCase(["--column", "phone"], 64, "--column needs --csv or --tsv"),
    StatusCase(["--csv", "--column", "0"], 64, "positions start at 1"),
    StatusCase(["--csv", "--no-header", "--column", "phone"], 64, "with --no-header columns are positions"),
    StatusCase(["--format", "e123"], 64, "normalize: "),
    StatusCase(["--csv", "--column", "mobile", "customers.csv"], 64, "--column 'mobile': no such column"),
    StatusCase(["--csv", "--column", "9", "customers.csv"], 64, "no such column"),
    StatusCase(
        ["--csv", "--column", "phone", "--region", "US"], stdin: "id,Phone,PHONE\n1,2015550123,x\n", 64,
        "normalize: --column 'phone': several columns of the header of - match when case is ignored: 'Phone', 'PHONE'\n"
    ),
    StatusCase(
        ["--csv", "--column", "phone", "--region-column", "REGION"], stdin: "phone,region,Region\n1,US,US\n",
        64,
        "--region-column 'REGION': several columns of the header of - match when case is ignored: 'region', 'Region'"
    ),
    StatusCase(
        ["--csv", "--column", "PHONE", "--region", "US", "--strict"], stdin: "id,Phone\n1,2015550123\n", 0),
    StatusCase(
        ["--csv", "--column", "phone", "--append", "--output", "tsv"], 64,
        "normalize: --append cannot be used with --output tsv"),
    StatusCase(
        ["--tsv", "--column", "1", "--append", "--output", "jsonl"], 64,
        "normalize: --append cannot be used with --output jsonl"),
    StatusCase(["numbers.txt", "2015550123"], 64, "either files or numbers"),
    StatusCase(
        ["no-such-file.txt"], 74, "normalize: cannot open no-such-file.txt: No such file or directory\n"),
    StatusCase(
        ["--reject", "/no/such/dir/rejects.tsv", "numbers.txt"], 74, "cannot open /no/such/dir/rejects.tsv"),
    StatusCase(["."], 74, "cannot open .: Is a directory"),
]

@Suite("normalize exit status")
struct CLIExitStatusTests {
    @Test(arguments: statusCases)
    func exitStatus(_ testCase: StatusCase) throws {
        let run = try NormalizeRun.run(testCase.arguments, stdin: Data(testCase.stdin))
        #expect(run.status == testCase.status, "stderr: \(run.stderrText)")
        if !testCase.message.isEmpty {
            #expect(run.stderrText.contains(testCase.message), "stderr: \(run.stderrText)")
        }
        if testCase.status == 64 {
            #expect(run.stderrText.filter { $0 == "\n" }.count == 1, "one line: \(run.stderrText)")
            #expect(run.stdout.isEmpty)
        }
    }

    @Test("a write error (a full disk) exits 74")
    func writeError() throws {
        let process = Process()
        process.executableURL = try NormalizeRun.binary
        process.arguments = ["--region", "US", "2015550123"]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 74)
        #expect(message == "normalize: cannot write standard output: No space left on device\n")
    }
}
