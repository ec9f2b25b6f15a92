import ModelArtifact
import TFLiteReader

/// The human view of a report's `tflite` section: schema and buffers, the runtime version the
/// model needs, operator codes, signatures, quantization (graph inputs and outputs first), sparse and
/// variable tensors.
struct TFLiteView {
    let report: ModelReport
    /// How many quantized tensors to list.
    let limit: Int

    func render() -> [String] {
        guard let section = report.section(TFLiteSection.self) else { return [] }
        var lines = [""]
        func field(_ name: String, _ value: String) {
            lines.append("  " + Console.dim(name.padding(12)) + value)
        }
        var summary = "schema \(section.version)"
        if let description = section.description, !description.isEmpty {
            summary += " · \"\(ReportView.short(.string(description)))\""
        }
        let buffers = section.buffers
        summary += " · \(HumanUnits.grouped(buffers.count)) buffers (\(HumanUnits.grouped(buffers.withData)) with data"
        if buffers.offsetBuffers > 0 {
            summary += ", \(buffers.offsetBuffers) after the FlatBuffer: \(HumanUnits.bytes(Int(exactly: buffers.offsetBytes) ?? 0))"
        }
        summary += ")"
        field("tflite", summary)
        for entry in section.metadata {
            guard let text = entry.text else { continue }
            if entry.name == "min_runtime_version" {
                field("runtime", "TFLite \(text) or newer (min_runtime_version)")
            } else {
                field("text", "\(ReportView.short(.string(entry.name))) = \(ReportView.short(.string(text)))")
            }
        }
        lines += operatorCodes(section)
        lines += signatures(section)
        lines += quantization(section)
        for (items, label) in [(section.sparseTensors.map(\.tensor), "sparse"), (section.variableTensors, "variables")] {
            guard !items.isEmpty else { continue }
            let names = items.prefix(8).map { Self.tensorName($0) }.joined(separator: ", ")
            field(label, names + (items.count > 8 ? Console.dim(" … \(items.count - 8) more") : ""))
        }
        return lines
    }

    private func operatorCodes(_ section: TFLiteSection) -> [String] {
        let codes = section.operatorCodes
        guard !codes.isEmpty else { return [] }
        let custom = codes.compactMap(\.customCode)
        var text = "\(codes.count)"
        if !custom.isEmpty { text += " · custom: " + custom.joined(separator: ", ") }
        let unknown = codes.map(\.name).filter { $0.hasPrefix("BUILTIN:") }
        if !unknown.isEmpty { text += " · unknown: " + unknown.joined(separator: ", ") }
        return ["  " + Console.dim("op codes".padding(12)) + text]
    }

    private func signatures(_ section: TFLiteSection) -> [String] {
        section.signatureDefs.map { signature in
            func names(_ maps: [TFLiteSection.NamedTensor]) -> String {
                maps.map { "\($0.name ?? "?") (tensor \($0.tensor))" }.joined(separator: ", ")
            }
            return "  " + Console.dim("signature".padding(12))
                + "\(signature.key ?? "?") → graph \(signature.subgraph): \(names(signature.inputs)) → \(names(signature.outputs))"
        }
    }

    /// Quantized graph inputs and outputs first, then the other quantized tensors, up to `limit` rows.
    private func quantization(_ section: TFLiteSection) -> [String] {
        let entries = section.quantization
        guard !entries.isEmpty, limit > 0 else { return [] }
        let boundary = Set((report.graphs ?? []).enumerated().flatMap { g, graph in
            (graph.inputs + graph.outputs).map { "\(g)/\($0.name)" }
        })
        let isBoundary = { (e: TFLiteSection.Quantization) in boundary.contains("\(e.tensor.graph)/\(e.tensor.name)") }
        let ordered = entries.filter(isBoundary) + entries.filter { !isBoundary($0) }
        let perChannel = entries.filter { Self.channels($0) > 1 }.count
        var lines = ["", "  " + Console.bold("quantization") + Console.dim(" (\(entries.count) tensors, \(perChannel) per-channel)")]
        var table = TextTable(headers: ["tensor", "scale", "zero point", "axis"])
        for entry in ordered.prefix(limit) {
            let q = entry.parameters
            table.rows.append([Self.tensorName(entry.tensor) + (isBoundary(entry) ? Console.dim(" (graph io)") : ""),
                               Self.values(entry, q.scale.values.map { .float($0) }, q.scale.min.map { .float($0) },
                                           q.scale.max.map { .float($0) }),
                               Self.values(entry, q.zeroPoint.values.map { .int($0) }, q.zeroPoint.min.map { .int($0) },
                                           q.zeroPoint.max.map { .int($0) }),
                               Self.channels(entry) > 1 ? String(q.quantizedDimension) : "—"])
        }
        lines += table.render(indent: 4)
        if ordered.count > limit {
            lines.append(Console.dim("    … \(HumanUnits.grouped(ordered.count - limit)) more (--json gives everything)"))
        }
        return lines
    }

    /// The channels a quantization has: its scales when they are listed, else its channel count.
    private static func channels(_ entry: TFLiteSection.Quantization) -> Int {
        entry.isListed ? entry.parameters.scale.values.count : entry.parameters.channels
    }

    /// `[0.1, 0.2, 0.3]` listed values, or `40 × 0.001…0.2` for a range.
    private static func values(_ entry: TFLiteSection.Quantization, _ listed: [JSONValue], _ low: JSONValue?,
                               _ high: JSONValue?) -> String {
        if entry.isListed {
            let text = listed.map { JSONWriter.string($0, style: .compact) }
            return text.count == 1 ? text[0] : "[" + text.joined(separator: ", ") + "]"
        }
        guard let low, let high else { return "—" }
        let ends = [low, high].map { JSONWriter.string($0, style: .compact) }
        return "\(entry.parameters.channels) × " + (ends[0] == ends[1] ? ends[0] : ends.joined(separator: "…"))
    }

    private static func tensorName(_ tensor: TFLiteSection.TensorReference) -> String {
        let name = tensor.name
        let shown = name.count > 60 ? String(name.prefix(57)) + "…" : name
        return tensor.graph == 0 ? shown : "\(shown) [graph \(tensor.graph)]"
    }
}
