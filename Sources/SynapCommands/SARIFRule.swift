import FindingCatalog
import ModelArtifact

/// SARIF rule metadata (`tool.driver.rules[]`), made from the finding catalog: id, name, short and
/// full description, and the default level of the code's severity.
enum SARIFRule {
    /// The rule object of `code`; a code outside the catalog gets a rule named by the code, at `severity`.
    static func json(_ code: String, severity: Severity) -> JSONValue {
        guard let rule = FindingCatalog.rule(code) else {
            return json(id: code, name: code, title: "synap-tool finding \(code)", help: nil, severity: severity)
        }
        return json(id: code, name: pascalCase(rule.title), title: rule.title, help: rule.help, severity: rule.severity)
    }

    /// The rule object of a typed code.
    static func json<Code: FindingCode>(_ code: Code) -> JSONValue {
        json(code.rawValue, severity: code.severity)
    }

    /// A rule object.
    static func json(id: String, name: String, title: String, help: String?, severity: Severity) -> JSONValue {
        var rule = JSONObject()
        rule.append("id", .string(id))
        rule.append("name", .string(name))
        rule.append("shortDescription", .object(["text": .string(title)]))
        if let help {
            rule.append("fullDescription", .object(["text": .string(help)]))
            rule.append("help", .object(["text": .string(help)]))
        }
        rule.append("defaultConfiguration", .object(["level": .string(level(severity))]))
        return .object(rule)
    }

    /// SARIF levels: error, warning, note.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// `Tensors missing` → `TensorsMissing`.
    static func pascalCase(_ title: String) -> String {
        title.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
