import ArchitectureCheck
import ModelArtifact

/// The human view of a `CheckResult`: the verdict in one line, the counts, every finding.
struct ValidationView {
    let result: CheckResult

    func render() -> String {
        let errors = result.findings.filter { $0.severity == .error }.count
        let warnings = result.findings.filter { $0.severity == .warning }.count
        var verdict = result.passed ? Console.severity("pass", "info") : Console.severity("FAIL", "error")
        let counts = [(errors, "error"), (warnings, "warning")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        if !counts.isEmpty { verdict += " (" + counts.joined(separator: ", ") + ")" }
        var lines = [Console.bold(TerminalText.clean(result.path)) + " → " + Console.bold(TerminalText.clean(result.architecture))
                     + ": " + verdict]
        func field(_ name: String, _ value: String) {
            lines.append("  " + Console.dim(name.padding(10)) + value)
        }
        if let candidates = result.candidates {
            let next = candidates.dropFirst().prefix(2).map { "\(TerminalText.clean($0.id)) \(CheckResult.scoreText($0.score))" }
            field("auto", "best match, score \(result.scoreText)" + (next.isEmpty ? "" : "; next " + next.joined(separator: ", ")))
        }
        field("format", result.format.rawValue)
        let unexpected = result.unexpectedTensors
        field("tensors", "\(result.matchedTensors) of \(result.expectedTensors) as expected"
              + (unexpected > 0 ? ", \(unexpected) not in \(TerminalText.clean(result.architecture))" : "") + " (score \(result.scoreText))")
        field("config", "\(result.configChecked) value\(result.configChecked == 1 ? "" : "s") checked, "
              + "\(result.configDisagreements) differ\(result.configDisagreements == 1 ? "s" : "")")
        if !result.findings.isEmpty {
            lines.append("")
            lines += result.findings.map { "  " + ReportView.findingLine(shortened($0)) }
        }
        return lines.joined(separator: "\n")
    }

    /// The finding with its location relative to the checkpoint (none when it is the checkpoint itself).
    private func shortened(_ finding: Finding) -> Finding {
        var copy = finding
        if finding.location == result.path {
            copy.location = nil
        } else if let location = finding.location, location.hasPrefix(result.path + "/") {
            copy.location = String(location.dropFirst(result.path.count + 1))
        }
        return copy
    }
}
