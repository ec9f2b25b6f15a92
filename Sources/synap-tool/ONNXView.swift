import ModelArtifact

/// The human view of an ONNX report's own parts: onnx checker's verdict, the subgraphs held by
/// If/Loop/Scan nodes, local functions, sparse initializers and the external data files.
struct ONNXView {
    let report: ModelReport

    /// The readable types of graph values that are not plain tensors, by name (`seq(tensor(float))`).
    var valueTypes: [String: String] {
        var types: [String: String] = [:]
        for case .object(let value) in section["value_types"]?.arrayValue ?? [] {
            if let name = value["name"]?.stringValue, let type = value["type"]?.stringValue { types[name] = type }
        }
        return types
    }

    private var section: JSONObject { report.sections["onnx"]?.objectValue ?? [:] }

    /// Lines after the graphs, or none when the report is not ONNX.
    func render() -> [String] {
        guard report.format == .onnx else { return [] }
        var lines: [String] = [""]
        if let checker = report.sections["checker"]?.stringValue {
            let first = checker.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? checker
            lines.append("  " + Console.dim("checker".padding(12)) + (checker == "ok" ? "ok" : Console.severity(first, "error")))
        }
        var facts: [String] = []
        if let version = section["model_version"]?.intValue { facts.append("model_version \(version)") }
        if let domain = section["domain"]?.stringValue { facts.append("domain \(domain)") }
        if let training = section["training_info"]?.intValue, training > 0 { facts.append("\(training) training_info") }
        if let left = section["initializer_inputs"]?.intValue, left > 0 { facts.append("\(left) inputs are initializers") }
        if !facts.isEmpty { lines.append("  " + Console.dim("model".padding(12)) + facts.joined(separator: " · ")) }
        lines += table("subgraphs", section["subgraphs"], headers: ["path", "op", "nodes", "operators"], rightAligned: [2]) { o in
            [o["path"]?.stringValue ?? "", o["op_type"]?.stringValue ?? "", String(o["node_count"]?.intValue ?? 0), Self.ops(o["operators"])]
        }
        lines += table("functions", section["functions"], headers: ["function", "nodes", "operators"], rightAligned: [1]) { o in
            let domain = o["domain"]?.stringValue ?? ""
            let name = o["name"]?.stringValue ?? ""
            return [domain.isEmpty ? name : domain + ":" + name, String(o["node_count"]?.intValue ?? 0), Self.ops(o["operators"])]
        }
        lines += table("sparse initializers", section["sparse_initializers"], headers: ["name", "dtype", "shape", "nnz"], rightAligned: [3]) { o in
            let shape = o["shape"]?.arrayValue?.compactMap { $0.intValue.map(String.init) }.joined(separator: "×") ?? ""
            return [o["name"]?.stringValue ?? "", o["dtype"]?.stringValue ?? "—", shape, o["nnz"]?.intValue.map(String.init) ?? "—"]
        }
        lines += table("external data", section["external_data"], headers: ["file", "tensors", "claimed", "size"], rightAligned: [1, 2, 3]) { o in
            [o["location"]?.stringValue ?? "", String(o["tensors"]?.intValue ?? 0), HumanUnits.bytes(Int(o["bytes"]?.intValue ?? 0)),
             o["size"]?.intValue.map { HumanUnits.bytes(Int($0)) } ?? "missing"]
        }
        return lines.count == 1 ? [] : lines
    }

    private func table(_ title: String, _ value: JSONValue?, headers: [String], rightAligned: Set<Int>,
                       row: (JSONObject) -> [String]) -> [String] {
        guard let items = value?.arrayValue, !items.isEmpty else { return [] }
        var table = TextTable(headers: headers, rightAligned: rightAligned)
        table.rows = items.compactMap { $0.objectValue.map(row) }
        return ["", "  " + Console.bold(title) + Console.dim(" (\(items.count))")] + table.render(indent: 4)
    }

    private static func ops(_ value: JSONValue?) -> String {
        let pairs = value?.objectValue?.map { "\($0.key) \($0.value.intValue ?? 0)" } ?? []
        return pairs.count > 6 ? pairs.prefix(6).joined(separator: ", ") + " …" : pairs.joined(separator: ", ")
    }
}
