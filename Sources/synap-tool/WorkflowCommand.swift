/// GitHub Actions workflow commands (`::error file=…,title=…::message`), escaped by Unicode scalar
/// as GitHub's runner unescapes them: `%`, CR and LF in the message; also `:` and `,` in property
/// values. (In Swift `"\r\n"` is one Character, so a Character-wise replace of `"\n"` misses it.)
enum WorkflowCommand {
    /// One command line: `::LEVEL file=FILE,title=TITLE::MESSAGE`, every field escaped.
    static func line(_ level: String, file: String?, title: String?, message: String) -> String {
        var properties: [String] = []
        if let file { properties.append("file=" + property(file)) }
        if let title { properties.append("title=" + property(title)) }
        return "::\(level)" + (properties.isEmpty ? "" : " " + properties.joined(separator: ",")) + "::" + data(message)
    }

    /// A message, escaped.
    static func data(_ text: String) -> String { escape(text, property: false) }

    /// A property value, escaped.
    static func property(_ text: String) -> String { escape(text, property: true) }

    private static func escape(_ text: String, property: Bool) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out.append(contentsOf: "%25".unicodeScalars)
            case "\r": out.append(contentsOf: "%0D".unicodeScalars)
            case "\n": out.append(contentsOf: "%0A".unicodeScalars)
            case ":" where property: out.append(contentsOf: "%3A".unicodeScalars)
            case "," where property: out.append(contentsOf: "%2C".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
