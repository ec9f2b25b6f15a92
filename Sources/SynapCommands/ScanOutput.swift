import ModelArtifact
import PTReader

/// `scan`'s results as text, JSON (`synap-tool.scan/1`), SARIF 2.1.0 or GitHub workflow annotations.
struct ScanOutput {
    let results: [ScanResult]

    func write(_ format: ScanFormat) {
        switch format {
        case .text: results.forEach { print(text($0)) }
        case .json: Console.writeLine(JSONWriter.bytes(json))
        case .sarif: Console.writeLine(JSONWriter.bytes(sarif))
        case .github: results.flatMap(github).forEach { print($0) }
        }
    }

    /// The verdict word of a result: `safe`, `unsafe`, `unknown`, `no-pickle`, `skipped` or `error`.
    static func verdict(_ result: ScanResult) -> String {
        if result.error != nil { return "error" }
        if result.skipped != nil { return "skipped" }
        return result.report?.verdict?.rawValue ?? "no-pickle"
    }

    func text(_ result: ScanResult) -> String {
        let path = TerminalText.clean(result.path)
        if let error = result.error {
            return "\(path): " + Console.severity("error", "error") + ": " + TerminalText.clean(error.description, limit: TerminalText.messageLimit)
        }
        if let skipped = result.skipped { return "\(path): skipped: " + TerminalText.clean(skipped.message, limit: TerminalText.messageLimit) }
        guard let report = result.report.map(TerminalText.report), let summary = VerdictView(report: report).summary else {
            return "\(path): no pickle (\(result.report?.format.rawValue ?? "?"))"
        }
        return ([ "\(path): \(summary)"] + VerdictView(report: report).details).joined(separator: "\n")
    }

    var json: JSONValue {
        var o = JSONObject()
        o.append("schema", .string("synap-tool.scan/1"))
        o.append("files", .array(results.map { result in
            var f = JSONObject()
            f.append("path", .string(result.path))
            f.append("verdict", .string(Self.verdict(result)))
            if let report = result.report {
                f.append("format", .string(report.format.rawValue))
                if let pickle = report.section(PickleSection.self) { f.append("globals", .array(pickle.globals.map { .string($0) })) }
                f.append("disallowed", .array((report.section(PyTorchSection.self)?.disallowed ?? []).map(\.json)))
                f.append("findings", .array(report.findings.filter { PTFindingCode(rawValue: $0.code) != nil }.map(\.json)))
            }
            if let skipped = result.skipped { f.append("findings", .array([skipped.json])) }
            if let error = result.error { f.append("error", .string(error.description)) }
            return JSONValue.object(f).adding(result.remote)
        }))
        return .object(o)
    }

    /// One SARIF result per global outside the allow-list, per reason a verdict is unknown, and per
    /// unreadable file.
    var sarif: JSONValue {
        var findings: [JSONValue] = []
        for result in results {
            if let error = result.error {
                findings.append(Self.sarifResult(rule: Self.unreadable, level: .error, message: error.description, path: result.path,
                                                 where: nil))
            }
            guard let report = result.report else { continue }
            for use in VerdictView(report: report).disallowed {
                let message = "loading \(result.path) would \(use.called ? "import and call" : "import") \(use.global)"
                findings.append(Self.sarifResult(rule: PTFindingCode.disallowedGlobal, message: message, path: result.path,
                                                 where: use.location))
            }
            for reason in VerdictView(report: report).unknownReasons {
                findings.append(Self.sarifResult(rule: PTFindingCode.verdictUnknown, message: reason.message, path: result.path,
                                                 where: reason.location))
            }
        }
        let rules = [PTFindingCode.disallowedGlobal, .verdictUnknown].map { SARIFRule.json($0) }
            + [SARIFRule.json(id: Self.unreadable, name: "Unreadable", title: "The file could not be read", help: nil, severity: .error)]
        var driver = JSONObject()
        driver.append("name", .string("synap-tool"))
        driver.append("rules", .array(rules))
        var run = JSONObject()
        run.append("tool", .object(["driver": .object(driver)]))
        run.append("results", .array(findings))
        var o = JSONObject()
        o.append("$schema", .string(SARIFLog.schema))
        o.append("version", .string(SARIFLog.version))
        o.append("runs", .array([.object(run)]))
        return .object(o)
    }

    /// The SARIF rule of a file that could not be read (no finding code: the file has no report).
    static let unreadable = "unreadable"

    /// A SARIF result of a finding code.
    static func sarifResult(rule: PTFindingCode, message: String, path: String, where place: String?) -> JSONValue {
        sarifResult(rule: rule.rawValue, level: rule.severity, message: message, path: path, where: place)
    }

    static func sarifResult(rule: String, level: Severity, message: String, path: String, where place: String?) -> JSONValue {
        var location = JSONObject()
        location.append("physicalLocation", .object(["artifactLocation": .object(["uri": .string(FileURI.reference(path))])]))
        if let place { location.append("logicalLocations", .array([.object(["fullyQualifiedName": .string(place)])])) }
        var o = JSONObject()
        o.append("ruleId", .string(rule))
        o.append("level", .string(SARIFRule.level(level)))
        o.append("message", .object(["text": .string(message)]))
        o.append("locations", .array([.object(location)]))
        return .object(o)
    }

    /// GitHub workflow commands: `::error file=…::…` per problem, `::notice` for a safe file; every
    /// field escaped, so each line is exactly one command whatever a file's names hold.
    func github(_ result: ScanResult) -> [String] {
        let file = result.path
        if let error = result.error { return [WorkflowCommand.line(level: .error, file: file, title: "unreadable", message: error.description)] }
        if let skipped = result.skipped { return [WorkflowCommand.line(level: .warning, file: file, title: skipped.code, message: skipped.message)] }
        guard let report = result.report, report.verdict != nil else {
            return [WorkflowCommand.line(level: .notice, file: file, title: nil, message: "no pickle")]
        }
        let view = VerdictView(report: report)
        if report.verdict == .safe {
            return [WorkflowCommand.line(level: .notice, file: file, title: nil, message: "safe: only allow-listed globals")]
        }
        return view.disallowed.map {
            WorkflowCommand.line(level: .error, file: file, title: "\(PTFindingCode.disallowedGlobal.rawValue) unsafe pickle",
                                 message: "loading would \($0.called ? "import and call" : "import") \($0.global) (\($0.location))")
        } + view.unknownReasons.map {
            WorkflowCommand.line(level: .error, file: file, title: "\(PTFindingCode.verdictUnknown.rawValue) verdict unknown", message: $0.message + " (\($0.location ?? ""))")
        }
    }
}
