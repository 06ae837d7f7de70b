import NormalizeCore
import PhoneNumbers

extension Normalize {
    /// Runs the command and returns the exit status.
    func execute() -> Int32 {
        var configuration = NormalizeConfiguration()
        configuration.dialect = csv ? .csv : tsv ? .tsv : .lines
        configuration.style = output.style
        configuration.format = format.format
        configuration.column = column.map(ColumnSelector.init(argument:))
        configuration.regionColumn = regionColumn.map(ColumnSelector.init(argument:))
        configuration.defaultRegion = resolvedRegion
        configuration.append = append
        configuration.dropExtension = dropExtension
        configuration.hasHeader = !noHeader
        let errors = OutputFile.standardError
        let numbers = argumentsAreNumbers
        do {
            let files = numbers ? [] : (inputs.isEmpty ? ["-"] : inputs)
            try Normalizer.checkInputs(files)
            let rejectFile = try reject.map { (path) throws(NormalizeError) in try OutputFile.create(path) }
            defer { rejectFile?.close() }
            let showProgress = !noProgress && !numbers && errors.isTerminal
            let normalizer = Normalizer(
                configuration: configuration, output: .standardOutput, reject: rejectFile,
                progress: showProgress ? ProgressMeter(output: errors) : nil)
            let counts =
                numbers
                ? try normalizer.run(numbers: inputs)
                : try normalizer.run(inputs: files)
            if stats { try? errors.write(counts.report()) }
            if counts.malformed > 0 { return 65 }
            if strict && counts.valid < counts.rows { return 1 }
            return 0
        } catch {
            try? errors.write("normalize: \(error.description)\n")
            return error.exitCode
        }
    }
}
