import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

// Parse and run; a usage error prints one line naming it (exit 64, EX_USAGE), --help the help.
do {
    var command = try DialtoneVerify.parseAsRoot(Array(CommandLine.arguments.dropFirst()))
    if let runnable = command as? any VerifyCommand {
        exit(await runnable.execute())
    }
    // `help`, `--help`, or a provider without a subcommand: ArgumentParser prints the help.
    try command.run()
    exit(0)
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
