import ArchitectureCheck
import ModelArtifact

/// `validate --format github`: one workflow command per finding (`::error file=…,title=…::message`),
/// which GitHub Actions shows as annotations, then a summary line.
enum GitHubAnnotations {
    static func render(_ result: CheckResult) -> String {
        var lines = result.findings.map { finding -> String in
            let level = finding.severity == .error ? "error" : finding.severity == .warning ? "warning" : "notice"
            let file = location(finding.location) ?? result.path
            let title = "\(finding.code) \(CheckCode(rawValue: finding.code)?.title ?? "synap-tool")"
            return "::\(level) file=\(property(file)),title=\(property(title))::\(data(finding.message))"
        }
        lines.append("synap-tool validate: \(result.path) is \(result.passed ? "" : "not ")\(result.architecture)"
                     + " (score \(result.scoreText), \(result.findings.filter { $0.severity == .error }.count) errors)")
        return lines.joined(separator: "\n")
    }

    /// A finding's location as a file path (`file@0x1f` loses its offset).
    static func location(_ location: String?) -> String? {
        guard let location else { return nil }
        guard let at = location.lastIndex(of: "@"), location[location.index(after: at)...].hasPrefix("0x") else { return location }
        return String(location[..<at])
    }

    /// A message, escaped as workflow commands require.
    static func data(_ text: String) -> String {
        text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    /// A property value, escaped as workflow commands require.
    static func property(_ text: String) -> String {
        data(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }
}
