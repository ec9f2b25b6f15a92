import ModelArtifact

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

    /// The verdict word of a result: `safe`, `unsafe`, `no-pickle` or `error`.
    static func verdict(_ result: ScanResult) -> String {
        if result.error != nil { return "error" }
        return result.report?.verdict ?? "no-pickle"
    }

    func text(_ result: ScanResult) -> String {
        if let error = result.error { return "\(result.path): " + Console.severity("error", "error") + ": \(error)" }
        guard let report = result.report, let summary = VerdictView(report: report).summary else {
            return "\(result.path): no pickle (\(result.report?.format.rawValue ?? "?"))"
        }
        return ([ "\(result.path): \(summary)"] + VerdictView(report: report).details).joined(separator: "\n")
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
                if let pickle = report.sections["pickle"] { f.append("globals", pickle.objectValue?["globals"] ?? .array([])) }
                f.append("disallowed", report.sections["pytorch"]?.objectValue?["disallowed"] ?? .array([]))
                f.append("findings", .array(report.findings.filter { $0.code.hasPrefix("PT") }.map(\.json)))
            }
            if let error = result.error { f.append("error", .string(error.description)) }
            return .object(f)
        }))
        return .object(o)
    }

    /// One SARIF result per global outside the allow-list, and one per unreadable file.
    var sarif: JSONValue {
        var findings: [JSONValue] = []
        for result in results {
            if let error = result.error {
                findings.append(Self.sarifResult(rule: "unreadable", level: "error", message: error.description, path: result.path,
                                                 where: nil))
            }
            for use in result.report.map({ VerdictView(report: $0).disallowed }) ?? [] {
                let message = "loading \(result.path) would \(use.called ? "import and call" : "import") \(use.global)"
                findings.append(Self.sarifResult(rule: "PT001", level: "error", message: message, path: result.path,
                                                 where: use.location))
            }
        }
        var rule = JSONObject()
        rule.append("id", .string("PT001"))
        rule.append("shortDescription", .object(["text": .string("A pickle global outside the allow-list of torch.load(weights_only=True)")]))
        var driver = JSONObject()
        driver.append("name", .string("synap-tool"))
        driver.append("rules", .array([.object(rule)]))
        var run = JSONObject()
        run.append("tool", .object(["driver": .object(driver)]))
        run.append("results", .array(findings))
        var o = JSONObject()
        o.append("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json"))
        o.append("version", .string("2.1.0"))
        o.append("runs", .array([.object(run)]))
        return .object(o)
    }

    static func sarifResult(rule: String, level: String, message: String, path: String, where place: String?) -> JSONValue {
        var location = JSONObject()
        location.append("physicalLocation", .object(["artifactLocation": .object(["uri": .string(path)])]))
        if let place { location.append("logicalLocations", .array([.object(["fullyQualifiedName": .string(place)])])) }
        var o = JSONObject()
        o.append("ruleId", .string(rule))
        o.append("level", .string(level))
        o.append("message", .object(["text": .string(message)]))
        o.append("locations", .array([.object(location)]))
        return .object(o)
    }

    /// GitHub workflow commands: `::error file=…::…` per problem, `::notice` for a safe file.
    func github(_ result: ScanResult) -> [String] {
        func escape(_ s: String) -> String {
            s.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
        }
        let file = escape(result.path).replacingAll(",", "%2C").replacingAll(":", "%3A")
        if let error = result.error { return ["::error file=\(file),title=unreadable::\(escape(error.description))"] }
        guard let report = result.report, report.verdict != nil else { return ["::notice file=\(file)::no pickle"] }
        let disallowed = VerdictView(report: report).disallowed
        if disallowed.isEmpty { return ["::notice file=\(file)::safe: only allow-listed globals"] }
        return disallowed.map {
            "::error file=\(file),title=PT001 unsafe pickle::loading would \($0.called ? "import and call" : "import") \(escape($0.global)) (\(escape($0.location)))"
        }
    }
}

extension String {
    /// The string with every `target` replaced by `replacement` (no Foundation).
    func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
