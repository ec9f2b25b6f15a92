import ModelArtifact

/// `docs/findings.md`, the findings reference, made from the catalog: one table per module.
public enum FindingsReference {
    /// The command that writes the reference, as its header tells.
    public static let regenerate = "swift run synap-tool findings --markdown > docs/findings.md"

    /// The reference as Markdown.
    public static var markdown: String {
        var lines = [
            "# Finding codes",
            "",
            "<!-- Generated from the FindingCode enums by `\(regenerate)`; do not edit by hand. -->",
            "",
            "Every finding synap-tool reports carries a stable code: a code never changes meaning, so CI jobs",
            "can filter on it, and its severity is always the one listed here. SARIF output (`--format sarif`",
            "of `scan` and `validate`) describes each code it reports with the title and the description below.",
            "A file that breaks its format's structure is no finding: it is refused with an error naming the",
            "rule broken (exit 3).",
        ]
        for group in FindingCatalog.groups {
            lines += ["", "## \(group.name)", "", "| code | severity | title | when |", "| --- | --- | --- | --- |"]
            lines += group.rules.map { rule in
                "| `\(rule.code)` | \(rule.severity.rawValue) | \(cell(rule.title)) | \(cell(rule.help)) |"
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text safe inside a table cell.
    static func cell(_ text: String) -> String {
        text.replacing("|", with: "\\|")
    }
}
