import ModelArtifact

/// The human view of a report's graphs and operator sets: each graph's inputs and outputs with
/// their types and shapes, and its operator histogram, most used first.
struct GraphView {
    let report: ModelReport
    /// Readable types of values that are not plain tensors, by name (from the format's section).
    var typeNames: [String: String] = [:]

    func render() -> [String] {
        var lines: [String] = []
        if let opsets = report.opsets, !opsets.isEmpty {
            let text = opsets.map { "\($0.domain.isEmpty ? "ai.onnx" : $0.domain) \($0.version)" }.joined(separator: ", ")
            lines.append("  " + Console.dim("opsets".padding(12)) + text)
        }
        for (index, graph) in (report.graphs ?? []).enumerated() {
            lines.append("")
            var title = "graph \(index)"
            if let name = graph.name, !name.isEmpty { title += " \(name)" }
            if let delegate = graph.delegate { title += " (\(delegate))" }
            if let nodes = graph.nodeCount { title += Console.dim(" · \(HumanUnits.grouped(nodes)) nodes") }
            lines.append("  " + Console.bold(title))
            lines += values("inputs", graph.inputs)
            lines += values("outputs", graph.outputs)
            if !graph.operators.isEmpty {
                let sorted = graph.operators.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
                let shown = sorted.prefix(12).map { "\($0.name) \($0.count)" }.joined(separator: ", ")
                let more = sorted.count > 12 ? Console.dim(" … \(sorted.count - 12) more") : ""
                lines.append("    " + Console.dim("operators".padding(10)) + shown + more)
            }
        }
        return lines
    }

    private func values(_ label: String, _ items: [ValueInfo]) -> [String] {
        guard !items.isEmpty else { return ["    " + Console.dim(label.padding(10)) + "none"] }
        var table = TextTable(headers: [label, "dtype", "shape"])
        for item in items {
            let shape = item.shape.map(ReportView.shape) ?? (item.type ?? typeNames[item.name] ?? "?")
            table.rows.append([item.name, item.dtype?.name ?? "—", shape])
        }
        return table.render(indent: 4)
    }
}
