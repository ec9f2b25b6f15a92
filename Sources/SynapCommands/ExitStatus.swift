import ArchitectureCheck
import ArgumentParser
import ModelArtifact

/// The process's exit code, as docs/architecture.md fixes it: 0 ok; 1 findings at or above
/// `--fail-on`, a pickle verdict `unsafe` or `unknown`, or a check that failed (a digest, a
/// refused record); 2 usage; 3 an input unreadable or malformed.
///
/// `decide(_:)` is the one place a code is chosen: `SynapTool.main` passes it how the command
/// ended, and exits with what it returns. Commands say what happened (they throw, or return a
/// `CommandResult`), never which code that makes.
struct ExitStatus: RawRepresentable, Equatable, Sendable {
    /// The code the process exits with.
    let rawValue: Int32

    /// Creates the status for a code.
    init(rawValue: Int32) { self.rawValue = rawValue }

    /// Done, nothing at or above the threshold.
    static let ok = ExitStatus(rawValue: 0)
    /// Findings at or above `--fail-on`, an unsafe or unknown pickle verdict, or a failed check.
    static let findings = ExitStatus(rawValue: 1)
    /// The command line was wrong.
    static let usage = ExitStatus(rawValue: 2)
    /// An input could not be read or broke its format's rules.
    static let malformed = ExitStatus(rawValue: 3)

    /// How a command ended: with an error, or with what it found.
    enum Outcome {
        /// The command threw (an input's error, a usage mistake, a request for help).
        case failed(any Error)
        /// The command ran to its end and found this.
        case finished(CommandResult)
    }

    /// The exit code for `outcome`. An `ArtifactError` (an input that cannot be read or breaks its
    /// format's rules) or a `SpecError` (an architecture file that breaks the schema) is 3; a usage
    /// mistake is 2; help and `--version` are 0; any other error keeps the code ArgumentParser gives
    /// it. A result is 3 when an input could not be read, 1 when a finding is at or above its
    /// threshold, a pickle verdict is `unsafe` or `unknown` or a check failed, and 0 otherwise.
    static func decide(_ outcome: Outcome) -> ExitStatus {
        switch outcome {
        case .failed(let error):
            if error is ArtifactError || error is SpecError { return .malformed }
            let code = SynapTool.exitCode(for: error)
            return code == .validationFailure ? .usage : ExitStatus(rawValue: code.rawValue)
        case .finished(let result):
            if result.unreadable > 0 { return .malformed }
            if result.failOn.fails(result.worstFinding) { return .findings }
            if let verdict = result.worstVerdict, verdict != .safe { return .findings }
            return result.failedChecks > 0 ? .findings : .ok
        }
    }
}
