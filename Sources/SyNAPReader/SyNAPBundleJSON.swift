import ModelArtifact

/// One wiring reference of bundle.json: `{"subgraph": -1|N, "out"|"in": k}`.
public struct SyNAPWire: Sendable, Equatable {
    /// The producing subgraph, -1 for the bundle's own input.
    public var subgraph: Int
    /// `out` or `in`, as written.
    public var key: String
    /// The output (or bundle input) index.
    public var index: Int
}

/// One subgraph of bundle.json.
public struct SyNAPGraphEntry: Sendable, Equatable {
    /// Model and meta entry names.
    public var model: String, meta: String?
    /// Where each input comes from.
    public var inputs: [SyNAPWire]
}

/// bundle.json: the subgraphs, the bundle's outputs and the optional parallel limit.
public struct SyNAPBundleJSON: Sendable, Equatable {
    /// Subgraphs, in order.
    public var graph: [SyNAPGraphEntry]
    /// The bundle's outputs.
    public var outputs: [SyNAPWire]
    /// `parallel_limit`, when given.
    public var parallelLimit: Int64?

    /// Subgraphs and wires at most.
    public static let maxCount = 4096

    /// Parses bundle.json's value; `reader` locates errors.
    public static func parse(_ value: JSONValue, reader: ByteReader) throws -> SyNAPBundleJSON {
        guard case .object(let top) = value else {
            throw reader.error("synap-bundle-not-object", expected: "a JSON object in bundle.json", found: value.typeName)
        }
        guard let graphs = top["graph"]?.arrayValue else {
            throw reader.error("synap-bundle-graph", expected: "a \"graph\" array in bundle.json",
                               found: top["graph"]?.typeName ?? "no \"graph\"")
        }
        try cap(graphs.count, "subgraphs", reader)
        var entries: [SyNAPGraphEntry] = []
        for (i, g) in graphs.enumerated() {
            guard let o = g.objectValue, let model = o["model"]?.stringValue else {
                throw reader.error("synap-bundle-model", expected: "graph[\(i)] with a \"model\" string", found: g.typeName)
            }
            entries.append(SyNAPGraphEntry(model: model, meta: o["meta"]?.stringValue,
                                           inputs: try wires(o["inputs"], "graph[\(i)].inputs", reader)))
        }
        return SyNAPBundleJSON(graph: entries, outputs: try wires(top["outputs"], "outputs", reader),
                               parallelLimit: top["parallel_limit"]?.intValue)
    }

    private static func cap(_ count: Int, _ what: String, _ reader: ByteReader) throws {
        guard count <= maxCount else {
            throw reader.error("synap-bundle-too-many", expected: "at most \(maxCount) \(what)", found: "\(count)")
        }
    }

    private static func wires(_ value: JSONValue?, _ what: String, _ reader: ByteReader) throws -> [SyNAPWire] {
        guard let value else { return [] }
        guard let list = value.arrayValue else {
            throw reader.error("synap-bundle-wiring", expected: "\(what) as an array", found: value.typeName)
        }
        try cap(list.count, what, reader)
        return try list.enumerated().map { i, w in
            guard let o = w.objectValue, let sub = o["subgraph"]?.intValue,
                  let (key, index) = (o["out"]?.intValue.map { ("out", $0) } ?? o["in"]?.intValue.map { ("in", $0) }),
                  let s = Int(exactly: sub), let k = Int(exactly: index)
            else {
                throw reader.error("synap-bundle-wiring", expected: "\(what)[\(i)] as {\"subgraph\": n, \"out\": k}",
                                   found: JSONWriter.string(w, style: .compact).prefix(80).description)
            }
            return SyNAPWire(subgraph: s, key: key, index: k)
        }
    }
}
