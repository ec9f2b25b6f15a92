import ModelArtifact

/// The outcome of checking one checkpoint against one architecture: every difference as a finding,
/// and the counts behind the score. Its JSON is schema `synap-tool.validate/1`.
public struct CheckResult: Sendable {
    /// The schema identifier written in the JSON.
    public static let schema = "synap-tool.validate/1"

    /// The checkpoint's path as given.
    public let path: String
    /// Its format.
    public let format: ModelFormat
    /// The architecture it was compared with.
    public let architecture: String
    /// Matched tensors over expected plus unexpected ones: 1 for a perfect match, 0 for nothing in common.
    public let score: Double
    /// With `--arch auto`: every architecture's score, best first.
    public var candidates: [(id: String, score: Double)]?
    /// Tensors the architecture expects (required ones, and optional ones present).
    public let expectedTensors: Int
    /// Tensors the checkpoint holds.
    public let foundTensors: Int
    /// Expected tensors present with the right shape and dtype.
    public let matchedTensors: Int
    /// Tensors the architecture does not have.
    public let unexpectedTensors: Int
    /// Config values compared.
    public let configChecked: Int
    /// Config values that differ or are missing.
    public let configDisagreements: Int
    /// The reader's findings, then the architecture check's.
    public var findings: [Finding]

    /// Creates a result (the checker does this).
    public init(path: String, format: ModelFormat, architecture: String, score: Double, expectedTensors: Int,
                foundTensors: Int, matchedTensors: Int, unexpectedTensors: Int, configChecked: Int, configDisagreements: Int,
                findings: [Finding]) {
        self.path = path
        self.format = format
        self.architecture = architecture
        self.score = score
        self.expectedTensors = expectedTensors
        self.foundTensors = foundTensors
        self.matchedTensors = matchedTensors
        self.unexpectedTensors = unexpectedTensors
        self.configChecked = configChecked
        self.configDisagreements = configDisagreements
        self.findings = findings
    }

    /// True when no finding is an error.
    public var passed: Bool { !findings.contains { $0.severity == .error } }

    /// The most severe finding's severity, if any.
    public var worstSeverity: Severity? { findings.map(\.severity).max() }

    /// The score with two decimals (`0.97`), as printed.
    public var scoreText: String { Self.scoreText(score) }

    /// A score with two decimals, without Foundation.
    public static func scoreText(_ x: Double) -> String {
        let hundredths = Int((max(0, min(1, x)) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// The `synap-tool.validate/1` JSON object.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("schema", .string(Self.schema))
        o.append("path", .string(path))
        o.append("format", .string(format.rawValue))
        o.append("architecture", .string(architecture))
        o.append("verdict", .string(passed ? "pass" : "fail"))
        o.append("score", .double((score * 100).rounded() / 100))
        if let candidates {
            o.append("candidates", .array(candidates.map { .object(["architecture": .string($0.id),
                                                                    "score": .double(($0.score * 100).rounded() / 100)]) }))
        }
        o.append("tensors", .object(["expected": .int(Int64(expectedTensors)), "found": .int(Int64(foundTensors)),
                                     "matched": .int(Int64(matchedTensors)), "unexpected": .int(Int64(unexpectedTensors))]))
        o.append("config", .object(["checked": .int(Int64(configChecked)),
                                    "disagreements": .int(Int64(configDisagreements))]))
        o.append("findings", .array(findings.map(\.json)))
        return .object(o)
    }
}
