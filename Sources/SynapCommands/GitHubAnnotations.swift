import ArchitectureCheck
import FindingCatalog
import ModelArtifact

/// `validate --format github`: one workflow command per finding (`::error file=…,title=…::message`),
/// which GitHub Actions shows as annotations, then a summary line. Each finding is exactly one line
/// whatever its text or its file's name holds (`WorkflowCommand` escapes them).
enum GitHubAnnotations {
    static func render(_ result: CheckResult) -> String {
        var lines = result.findings.map { finding -> String in
            let level: WorkflowCommand.Level = finding.severity == .error ? .error : finding.severity == .warning ? .warning : .notice
            let title = "\(finding.code) \(FindingCatalog.rule(finding.code)?.title ?? "synap-tool")"
            return WorkflowCommand.line(level: level, file: location(finding.location) ?? result.path, title: title,
                                        message: finding.message)
        }
        // Not a command, but still one line: the path and architecture shown as on a terminal.
        lines.append("synap-tool validate: \(TerminalText.clean(result.path)) is \(result.passed ? "" : "not ")"
                     + "\(TerminalText.clean(result.architecture)) (score \(result.scoreText), "
                     + "\(result.findings.filter { $0.severity == .error }.count) errors)")
        return lines.joined(separator: "\n")
    }

    /// A finding's location as a file path (`file@0x1f` loses its offset).
    static func location(_ location: String?) -> String? {
        guard let location else { return nil }
        guard let at = location.lastIndex(of: "@"), location[location.index(after: at)...].hasPrefix("0x") else { return location }
        return String(location[..<at])
    }
}
