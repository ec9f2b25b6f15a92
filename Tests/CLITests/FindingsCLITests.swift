import Foundation
import Testing
import TestSupport

/// `synap-tool findings` (hidden): the command that writes docs/findings.md, and the plain list.
@Suite struct FindingsCLITests {
    @Test func markdownIsTheCommittedReference() throws {
        let run = try CLITests.run(["findings", "--markdown"])
        #expect(run.status == 0)
        let committed = try String(contentsOfFile: Fixtures.packageRoot + "/docs/findings.md", encoding: .utf8)
        #expect(run.stdout == committed)
    }

    @Test func listNamesEveryCodeWithItsSeverity() throws {
        let run = try CLITests.run(["findings"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("PT001") && run.stdout.contains("ARCH016") && run.stdout.contains("SCAN003"))
        #expect(!(try CLITests.run(["--help"]).stdout.contains("\n  findings ")), "the command is hidden")
    }
}
