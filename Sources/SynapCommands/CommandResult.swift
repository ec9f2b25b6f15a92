import ArgumentParser
import ModelArtifact

/// What a command found, as facts: `ExitStatus.decide` turns them into the exit code.
package struct CommandResult: Sendable {
    /// Inputs that could not be read or broke their format's rules (each already named on stderr).
    package var unreadable = 0
    /// The most severe finding met, if any.
    var worstFinding: Severity?
    /// The severity from which findings fail the command (`--fail-on`).
    var failOn: FailThreshold = .error
    /// The most severe pickle verdict met, if any input held a pickle.
    var worstVerdict: PickleVerdict?
    /// Checks that failed beside findings: a digest unlike the manifest's, a file an upload API
    /// refuses.
    package var failedChecks = 0

    /// Ran to its end with nothing to report.
    package static let done = CommandResult()

    /// Counts in a finding's severity (or none).
    mutating func meet(_ severity: Severity?) {
        worstFinding = [worstFinding, severity].compactMap { $0 }.max()
    }
}

/// A command that ends by saying what it found (`execute()`), so that `SynapTool.main` can
/// decide the exit code with `ExitStatus.decide`.
protocol ResultCommand: ParsableCommand {
    /// Does the command's work and says what it found; an error that ends it is thrown.
    func execute() throws -> CommandResult
}

extension ResultCommand {
    /// `execute()`, ending with the code `ExitStatus.decide` gives its result (as `SynapTool.main`
    /// does), for whoever runs the command through ArgumentParser's `run()`.
    func run() throws {
        let status = ExitStatus.decide(.finished(try execute()))
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
