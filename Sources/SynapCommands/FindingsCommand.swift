import ArgumentParser
import FindingCatalog

/// `synap-tool findings [--markdown]` (hidden): every finding code with its severity and title, or
/// the findings reference `docs/findings.md` as Markdown.
struct Findings: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every finding code: its severity and what it means.",
        discussion: "With --markdown, prints docs/findings.md: \(FindingsReference.regenerate).",
        shouldDisplay: false)

    @Flag(help: "Print the findings reference as Markdown.")
    var markdown = false

    func run() throws {
        if markdown {
            print(FindingsReference.markdown, terminator: "")
            return
        }
        var table = TextTable(headers: ["code", "severity", "title"])
        table.rows = FindingCatalog.rules.map { [$0.code, $0.severity.rawValue, $0.title] }
        table.render().forEach { print($0) }
    }
}
