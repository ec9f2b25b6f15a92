import ArgumentParser
import ModelArtifact

/// Options every reporting command shares.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (schema synap-tool.report/1) instead of the human view.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Exit 1 when a finding is at least this severe: error, warning, info or never.",
                                            valueName: "severity"))
    var failOn: FailThreshold = .error
}

/// The severity from which findings fail the command.
enum FailThreshold: String, ExpressibleByArgument, CaseIterable {
    case error, warning, info, never

    /// True when a finding of `severity` fails the command.
    func fails(_ severity: Severity?) -> Bool {
        guard let severity else { return false }
        switch self {
        case .never: return false
        case .error: return severity >= .error
        case .warning: return severity >= .warning
        case .info: return true
        }
    }
}
