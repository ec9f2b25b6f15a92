import ModelArtifact

/// How sure a detection is.
public enum Confidence: String, Sendable, Comparable, CaseIterable {
    /// Nothing matched.
    case none
    /// Plausible, but little was checked (a short prefix, a weak signature).
    case low
    /// The signature and the first structure agree.
    case high
    /// The signature and the whole structure examined agree.
    case certain

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Confidence, b: Confidence) -> Bool { a.rank < b.rank }
}

/// What a file, folder or stream prefix is, how sure the probe is, and why.
public struct Detection: Sendable, Equatable {
    /// The format recognised (`.unknown` when none).
    public var format: ModelFormat
    /// How sure.
    public var confidence: Confidence
    /// Why, in words: "ZIP whose entries are archive/data.pkl, archive/data/0 …: torch.save".
    public var reason: String
    /// True when the bytes seen were a prefix too short to be sure, and more would help.
    public var needsMoreBytes: Bool
    /// Warnings such as an extension that disagrees with the content.
    public var findings: [Finding]

    /// Creates a detection.
    public init(_ format: ModelFormat, _ confidence: Confidence, _ reason: String,
                needsMoreBytes: Bool = false, findings: [Finding] = []) {
        self.format = format
        self.confidence = confidence
        self.reason = reason
        self.needsMoreBytes = needsMoreBytes
        self.findings = findings
    }

    /// The `unknown` answer with a reason.
    public static func unknown(_ reason: String, needsMoreBytes: Bool = false) -> Detection {
        Detection(.unknown, .none, reason, needsMoreBytes: needsMoreBytes)
    }

    /// The JSON object `detect --json` prints for `path`.
    public func json(path: String) -> JSONValue {
        var o = JSONObject()
        o.append("path", .string(path))
        o.append("format", .string(format.rawValue))
        o.append("confidence", .string(confidence.rawValue))
        o.append("reason", .string(reason))
        if needsMoreBytes { o.append("needs_more_bytes", .bool(true)) }
        o.append("findings", .array(findings.map(\.json)))
        return .object(o)
    }
}
