import ModelArtifact
import ONNXReader

/// The human view of an ONNX report's own parts: onnx checker's verdict, the subgraphs held by
/// If/Loop/Scan nodes, local functions, sparse initializers and the external data files.
struct ONNXView {
    let report: ModelReport

    /// The readable types of graph values that are not plain tensors, by name (`seq(tensor(float))`).
    var valueTypes: [String: String] {
        var types: [String: String] = [:]
        for value in report.section(ONNXSection.self)?.valueTypes ?? [] { types[value.name] = value.type }
        return types
    }

    /// Lines after the graphs, or none when the report is not ONNX.
    func render() -> [String] {
        guard report.format == .onnx else { return [] }
        var lines: [String] = [""]
        if let checker = report.section(ONNXCheckerVerdict.self) {
            let text = checker.text
            let first = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
            lines.append("  " + Console.dim("checker".padding(12)) + (checker.isOK ? "ok" : Console.severity(first, "error")))
        }
        guard let section = report.section(ONNXSection.self) else { return lines.count == 1 ? [] : lines }
        var facts: [String] = []
        if let version = section.modelVersion { facts.append("model_version \(version)") }
        if !section.domain.isEmpty { facts.append("domain \(section.domain)") }
        if section.trainingInfo > 0 { facts.append("\(section.trainingInfo) training_info") }
        if section.initializerInputs > 0 { facts.append("\(section.initializerInputs) inputs are initializers") }
        if !facts.isEmpty { lines.append("  " + Console.dim("model".padding(12)) + facts.joined(separator: " · ")) }
        lines += table("subgraphs", section.subgraphs, headers: ["path", "op", "nodes", "operators"], rightAligned: [2]) { sub in
            [sub.path, sub.opType, String(sub.nodeCount), Self.ops(sub.operators)]
        }
        lines += table("functions", section.functions, headers: ["function", "nodes", "operators"], rightAligned: [1]) { function in
            [function.domain.isEmpty ? function.name : function.domain + ":" + function.name, String(function.nodeCount),
             Self.ops(function.operators)]
        }
        lines += table("sparse initializers", section.sparseInitializers, headers: ["name", "dtype", "shape", "nnz"],
                       rightAligned: [3]) { sparse in
            [sparse.name, sparse.dtype?.name ?? "—", sparse.shape.map(String.init).joined(separator: "×"),
             sparse.nnz.map(String.init) ?? "—"]
        }
        lines += table("external data", section.externalData, headers: ["file", "tensors", "claimed", "size"],
                       rightAligned: [1, 2, 3]) { file in
            [file.location, String(file.tensors), HumanUnits.bytes(file.bytes), file.size.map(HumanUnits.bytes) ?? "missing"]
        }
        return lines.count == 1 ? [] : lines
    }

    private func table<Item>(_ title: String, _ items: [Item], headers: [String], rightAligned: Set<Int>,
                             row: (Item) -> [String]) -> [String] {
        guard !items.isEmpty else { return [] }
        var table = TextTable(headers: headers, rightAligned: rightAligned)
        table.rows = items.map(row)
        return ["", "  " + Console.bold(title) + Console.dim(" (\(items.count))")] + table.render(indent: 4)
    }

    private static func ops(_ operators: [ONNXSection.Operator]) -> String {
        let pairs = operators.map { "\($0.name) \($0.count)" }
        return pairs.count > 6 ? pairs.prefix(6).joined(separator: ", ") + " …" : pairs.joined(separator: ", ")
    }
}
