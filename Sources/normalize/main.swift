import ArgumentParser
import Glibc

// Parse the options; on an error print one line naming it (exit 64, EX_USAGE), on --help the help.
let command: Normalize
do {
    command = try Normalize.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    let code = Normalize.exitCode(for: error)
    if code == .success {
        print(Normalize.fullMessage(for: error))
        exit(0)
    }
    var line = "normalize: " + Normalize.message(for: error)
    if let newline = line.firstIndex(of: "\n") { line = String(line[..<newline]) }
    line += "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(code.rawValue)
}
exit(command.execute())
