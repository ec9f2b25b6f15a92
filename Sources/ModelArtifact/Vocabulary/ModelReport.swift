/// What synap-tool knows about one input: the `synap-tool.report/1` JSON object.
///
/// Readers fill the members that apply to their format and leave the others nil, so that the JSON
/// leaves them out rather than faking them.
public struct ModelReport: Sendable {
    /// The schema identifier written in every report.
    public static let schema = "synap-tool.report/1"

    /// The path as the user gave it.
    public var path: String
    /// The format.
    public var format: ModelFormat
    /// Size in bytes (for a folder, the sum of its model files).
    public var size: Int
    /// The format's own version (ONNX ir_version, GGUF version…), as text.
    public var formatVersion: String?
    /// The producer's name and version, where the format records them.
    public var producer: (name: String, version: String?)?
    /// Operator set versions by domain (`""` the default domain).
    public var opsets: [(domain: String, version: Int64)]?
    /// Graphs, where the format has them.
    public var graphs: [GraphSummary]?
    /// The weights.
    public var tensors: [TensorInfo]?
    /// Scalar metadata, in file order.
    public var metadata: JSONObject?
    /// The pickle verdict, for reports of files that hold pickles (or that a loader would unpickle).
    public var verdict: PickleVerdict?
    /// Format sections (`PickleSection`, `ONNXSection`, `SyNAPSection`…), each under its own key,
    /// in the order they were set; `section(_:)` finds one, `set(_:)` sets one.
    public internal(set) var sections: [any ReportSection]
    /// What the reader noticed.
    public var findings: [Finding]

    /// A report with only the always-present members set.
    public init(path: String, format: ModelFormat, size: Int) {
        self.path = path
        self.format = format
        self.size = size
        self.sections = []
        self.findings = []
    }

    /// The section of type `type`, if the report has one.
    public func section<Section: ReportSection>(_ type: Section.Type) -> Section? {
        for section in sections { if let found = section as? Section { return found } }
        return nil
    }

    /// Sets `section`: it replaces the section under its key where that one is, or comes last.
    public mutating func set(_ section: some ReportSection) {
        let key = type(of: section).key
        if let index = sections.firstIndex(where: { type(of: $0).key == key }) {
            sections[index] = section
        } else {
            sections.append(section)
        }
    }

    /// The number of tensors, when tensors are reported.
    public var tensorCount: Int? { tensors?.count }

    /// The sum of the tensors' element counts (tensors of unknown shape count 0); nil when it overflows.
    public var parameterCount: Int? {
        guard let tensors else { return nil }
        var sum = 0
        for tensor in tensors {
            let (next, overflow) = sum.addingReportingOverflow(tensor.elementCount ?? 0)
            guard !overflow else { return nil }
            sum = next
        }
        return sum
    }

    /// The most severe finding's severity, if any.
    public var worstSeverity: Severity? { findings.map(\.severity).max() }

    /// The report as the schema's JSON object, keys in the documented order.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("schema", .string(Self.schema))
        o.append("path", .string(path))
        o.append("format", .string(format.rawValue))
        o.append("size", .int(Int64(size)))
        if let formatVersion { o.append("format_version", .string(formatVersion)) }
        if let producer {
            var p = JSONObject()
            p.append("name", .string(producer.name))
            if let version = producer.version { p.append("version", .string(version)) }
            o.append("producer", .object(p))
        }
        if let opsets {
            var sets = JSONObject()
            for (domain, version) in opsets { sets[domain] = .int(version) }
            o.append("opsets", .object(sets))
        }
        if let graphs { o.append("graphs", .array(graphs.map(\.json))) }
        if let tensors {
            o.append("tensors", .array(tensors.map(\.json)))
            o.append("tensor_count", .int(Int64(tensors.count)))
            if let parameterCount { o.append("parameter_count", .int(Int64(parameterCount))) }
        }
        if let metadata { o.append("metadata", .object(metadata)) }
        for section in sections { o[type(of: section).key] = section.json }
        if let verdict { o.append("verdict", .string(verdict.rawValue)) }
        o.append("findings", .array(findings.map(\.json)))
        return .object(o)
    }
}
