import DialtoneVersion
import Foundation
import Testing

@Suite("Version")
struct CLIVersionTests {
    @Test("normalize --version reports the package's one version")
    func normalizeVersion() throws {
        let run = try NormalizeRun.run(["--version"])
        #expect(run.status == 0)
        #expect(String(decoding: run.stdout, as: UTF8.self) == DialtoneVersion.current + "\n")
    }
}
