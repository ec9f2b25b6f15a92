import ModelArtifact

/// GitHub Actions workflow commands (`::error file=…,title=…::message`), which the runner turns
/// into annotations. Everything in them — message, file path, title — is escaped by GitHub's own
/// rules (`@actions/core`'s `escapeData`/`escapeProperty`), so whatever a file or its name holds,
/// a command is exactly one line, and no text can end it early, start another command, or add or
/// change a property:
///
/// - in the message (data): `%` → `%25`, CR → `%0D`, LF → `%0A`;
/// - in a property value (`file`, `title`): the same, and `:` → `%3A`, `,` → `%2C`.
///
/// Escaping works on Unicode scalars: in Swift `"\r\n"` is one `Character`, so replacing `"\n"`
/// in a `String` would never match inside it.
///
/// ```swift
/// print(WorkflowCommand.line(level: .error, file: path, title: "PT001 unsafe pickle", message: text))
/// // ::error file=models/a%2Cb.pt,title=PT001 unsafe pickle::loading would import and call posix.system
/// ```
enum WorkflowCommand {
    /// The annotation levels.
    enum Level: String, Sendable {
        case error, warning, notice
    }

    /// One workflow command line (no line end): `::LEVEL file=FILE,title=TITLE::MESSAGE`, the
    /// properties that are nil left out.
    static func line(level: Level, file: String?, title: String?, message: String) -> String {
        var properties: [String] = []
        if let file { properties.append("file=" + property(file)) }
        if let title { properties.append("title=" + property(title)) }
        let head = properties.isEmpty ? level.rawValue : level.rawValue + " " + properties.joined(separator: ",")
        return "::" + head + "::" + data(message)
    }

    /// A message, escaped: `%`, CR and LF as `%25`, `%0D`, `%0A`.
    static func data(_ text: String) -> String {
        escape(text, properties: false)
    }

    /// A property value, escaped: as a message, and `:` and `,` as `%3A`, `%2C`.
    static func property(_ text: String) -> String {
        escape(text, properties: true)
    }

    private static func escape(_ text: String, properties: Bool) -> String {
        ScalarEscape.replacing(text) { scalar in
            switch scalar {
            case "%": return "%25"
            case "\r": return "%0D"
            case "\n": return "%0A"
            case ":" where properties: return "%3A"
            case "," where properties: return "%2C"
            // In a message, other controls (ESC, C1, bidi overrides) are shown escaped: they start no
            // command, but what a file holds must not colour or reorder a log either. A `file`
            // property stays exact, so that the annotation still names the file.
            default: return !properties && TerminalText.isUnsafe(scalar) ? TerminalText.escape(scalar) : nil
            }
        }
    }
}
