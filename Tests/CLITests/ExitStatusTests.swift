import ArchitectureCheck
import ArgumentParser
import ModelArtifact
import Testing
@testable import SynapCommands

/// `ExitStatus.decide`: every way a command ends, and the code it makes.
@Suite struct ExitStatusTests {
    @Test func errors() {
        let artifact = ArtifactError(file: "m.pt", offset: 3, rule: "zip-bad", expected: "x", found: "y")
        #expect(ExitStatus.decide(.failed(artifact)) == .malformed)
        #expect(ExitStatus.decide(.failed(SpecError("bad architecture file"))) == .malformed)
        #expect(ExitStatus.decide(.failed(ValidationError("give a path"))) == .usage)
        #expect(ExitStatus.decide(.failed(CleanExit.helpRequest())) == .ok)
        #expect(ExitStatus.decide(.failed(ExitCode(5))).rawValue == 5)
    }

    @Test func results() {
        #expect(ExitStatus.decide(.finished(.done)) == .ok)
        #expect(ExitStatus.decide(.finished(CommandResult(unreadable: 1, worstFinding: .error))) == .malformed)
        #expect(ExitStatus.decide(.finished(CommandResult(worstFinding: .error))) == .findings)
        #expect(ExitStatus.decide(.finished(CommandResult(worstFinding: .warning))) == .ok)
        #expect(ExitStatus.decide(.finished(CommandResult(worstFinding: .warning, failOn: .warning))) == .findings)
        #expect(ExitStatus.decide(.finished(CommandResult(worstFinding: .error, failOn: .never))) == .ok)
        #expect(ExitStatus.decide(.finished(CommandResult(worstFinding: .info, failOn: .info))) == .findings)
        #expect(ExitStatus.decide(.finished(CommandResult(worstVerdict: .safe))) == .ok)
        #expect(ExitStatus.decide(.finished(CommandResult(worstVerdict: .unknown))) == .findings)
        #expect(ExitStatus.decide(.finished(CommandResult(worstVerdict: .unsafe))) == .findings)
        #expect(ExitStatus.decide(.finished(CommandResult(failedChecks: 2))) == .findings)
        #expect(ExitStatus.decide(.finished(CommandResult(unreadable: 1, failedChecks: 2))) == .malformed)
    }

    @Test func theCodesAreTheDocumentedOnes() {
        #expect([ExitStatus.ok, .findings, .usage, .malformed].map(\.rawValue) == [0, 1, 2, 3])
    }

    /// Help texts are paragraphs ArgumentParser wraps: a line break inside a paragraph is allowed
    /// only in an indented example block.
    @Test func helpTextsAreParagraphs() {
        func commands(_ command: ParsableCommand.Type) -> [ParsableCommand.Type] {
            [command] + command.configuration.subcommands.flatMap(commands)
        }
        for command in commands(SynapTool.self) {
            let configuration = command.configuration
            #expect(!configuration.abstract.contains("\n"), "\(command)")
            for paragraph in configuration.discussion.split(separator: "\n\n") {
                let lines = paragraph.split(separator: "\n")
                #expect(lines.count == 1 || lines.allSatisfy { $0.hasPrefix("  ") }, "\(command): \(paragraph)")
            }
        }
    }
}
