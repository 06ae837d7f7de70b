import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

// Parse; on a usage error print one line naming it (exit 64, EX_USAGE), on --help the help.
let command: any ParsableCommand
do {
    command = try DialtoneVerify.parseAsRoot(Array(CommandLine.arguments.dropFirst()))
} catch {
    let code = DialtoneVerify.exitCode(for: error)
    if code == .success {
        print(DialtoneVerify.fullMessage(for: error))
        exit(0)
    }
    var line = "dialtone-verify: " + DialtoneVerify.message(for: error)
    if let newline = line.firstIndex(of: "\n") { line = String(line[..<newline]) }
    Terminal.error(line)
    exit(code.rawValue)
}
guard let runnable = command as? any VerifyCommand else {
    print(DialtoneVerify.helpMessage(for: type(of: command)))
    exit(0)
}
exit(await runnable.execute())
