import ArchitectureCheck
import ModelArtifact

/// `validate --format sarif`: a SARIF 2.1.0 log with one run, one rule per finding code reported
/// (described by the finding catalog, `SARIFRule`) and one result per finding, each located at the
/// file it is about (what GitHub code scanning uploads).
struct SARIFLog {
    static let version = "2.1.0"
    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    let result: CheckResult

    var json: JSONValue {
        var codes: [String] = []
        for finding in result.findings where !codes.contains(finding.code) { codes.append(finding.code) }
        let rules = codes.map { code in
            SARIFRule.json(code, severity: result.findings.first { $0.code == code }?.severity ?? .warning)
        }
        let results = result.findings.map { finding -> JSONValue in
            let file = GitHubAnnotations.location(finding.location) ?? result.path
            return .object([
                "ruleId": .string(finding.code),
                "ruleIndex": .int(Int64(codes.firstIndex(of: finding.code) ?? 0)),
                "level": .string(SARIFRule.level(finding.severity)),
                "message": .object(["text": .string(finding.message)]),
                "locations": .array([.object(["physicalLocation": .object([
                    "artifactLocation": .object(["uri": .string(FileURI.reference(file))]),
                ])])]),
            ])
        }
        let driver: JSONObject = [
            "name": .string("synap-tool"),
            "version": .string(SynapTool.configuration.version),
            "rules": .array(rules),
        ]
        let run: JSONObject = [
            "tool": .object(["driver": .object(driver)]),
            "results": .array(results),
            "properties": .object(["architecture": .string(result.architecture), "verdict": .string(result.passed ? "pass" : "fail"),
                                   "score": .double((result.score * 100).rounded() / 100)]),
        ]
        return .object(["$schema": .string(Self.schema), "version": .string(Self.version), "runs": .array([.object(run)])])
    }
}
