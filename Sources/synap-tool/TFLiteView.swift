import ModelArtifact

/// The human view of a report's `tflite` section: schema and buffers, the runtime version the
/// model needs, operator codes, signatures, quantization (graph inputs and outputs first), sparse and
/// variable tensors.
struct TFLiteView {
    let report: ModelReport
    /// How many quantized tensors to list.
    let limit: Int

    func render() -> [String] {
        guard case .object(let section)? = report.sections["tflite"] else { return [] }
        var lines = [""]
        func field(_ name: String, _ value: String) {
            lines.append("  " + Console.dim(name.padding(12)) + value)
        }
        var summary = "schema \(section["version"]?.intValue ?? 0)"
        if let description = section["description"]?.stringValue, !description.isEmpty {
            summary += " · \"\(ReportView.short(.string(description)))\""
        }
        if case .object(let buffers)? = section["buffers"] {
            let count = Int(buffers["count"]?.intValue ?? 0), withData = Int(buffers["with_data"]?.intValue ?? 0)
            summary += " · \(HumanUnits.grouped(count)) buffers (\(HumanUnits.grouped(withData)) with data"
            if let outside = buffers["offset_buffers"]?.intValue, outside > 0 {
                summary += ", \(outside) after the FlatBuffer: \(HumanUnits.bytes(Int(buffers["offset_bytes"]?.intValue ?? 0)))"
            }
            summary += ")"
        }
        field("tflite", summary)
        for case .object(let entry) in section["metadata"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue, let text = entry["text"]?.stringValue else { continue }
            if name == "min_runtime_version" {
                field("runtime", "TFLite \(text) or newer (min_runtime_version)")
            } else {
                field("text", "\(ReportView.short(.string(name))) = \(ReportView.short(.string(text)))")
            }
        }
        lines += operatorCodes(section)
        lines += signatures(section)
        lines += quantization(section)
        for (key, label) in [("sparse_tensors", "sparse"), ("variable_tensors", "variables")] {
            let items = (section[key]?.arrayValue ?? []).compactMap(\.objectValue)
            guard !items.isEmpty else { continue }
            let names = items.prefix(8).map { Self.tensorName($0) }.joined(separator: ", ")
            field(label, names + (items.count > 8 ? Console.dim(" … \(items.count - 8) more") : ""))
        }
        return lines
    }

    private func operatorCodes(_ section: JSONObject) -> [String] {
        let codes = (section["operator_codes"]?.arrayValue ?? []).compactMap(\.objectValue)
        guard !codes.isEmpty else { return [] }
        let custom = codes.compactMap { $0["custom_code"]?.stringValue }
        var text = "\(codes.count)"
        if !custom.isEmpty { text += " · custom: " + custom.joined(separator: ", ") }
        let unknown = codes.compactMap { $0["name"]?.stringValue }.filter { $0.hasPrefix("BUILTIN:") }
        if !unknown.isEmpty { text += " · unknown: " + unknown.joined(separator: ", ") }
        return ["  " + Console.dim("op codes".padding(12)) + text]
    }

    private func signatures(_ section: JSONObject) -> [String] {
        (section["signature_defs"]?.arrayValue ?? []).compactMap(\.objectValue).map { signature in
            func names(_ key: String) -> String {
                let maps = (signature[key]?.arrayValue ?? []).compactMap(\.objectValue)
                return maps.map { "\($0["name"]?.stringValue ?? "?") (tensor \($0["tensor"]?.intValue ?? 0))" }
                    .joined(separator: ", ")
            }
            let key = signature["key"]?.stringValue ?? "?"
            return "  " + Console.dim("signature".padding(12))
                + "\(key) → graph \(signature["subgraph"]?.intValue ?? 0): \(names("inputs")) → \(names("outputs"))"
        }
    }

    /// Quantized graph inputs and outputs first, then the other quantized tensors, up to `limit` rows.
    private func quantization(_ section: JSONObject) -> [String] {
        let entries = (section["quantization"]?.arrayValue ?? []).compactMap(\.objectValue)
        guard !entries.isEmpty, limit > 0 else { return [] }
        let boundary = Set((report.graphs ?? []).enumerated().flatMap { g, graph in
            (graph.inputs + graph.outputs).map { "\(g)/\($0.name)" }
        })
        let isBoundary = { (e: JSONObject) in boundary.contains("\(e["graph"]?.intValue ?? -1)/\(e["name"]?.stringValue ?? "")") }
        let ordered = entries.filter(isBoundary) + entries.filter { !isBoundary($0) }
        let perChannel = entries.filter { ($0["channels"]?.intValue ?? Int64($0["scale"]?.arrayValue?.count ?? 0)) > 1 }.count
        var lines = ["", "  " + Console.bold("quantization") + Console.dim(" (\(entries.count) tensors, \(perChannel) per-channel)")]
        var table = TextTable(headers: ["tensor", "scale", "zero point", "axis"])
        for entry in ordered.prefix(limit) {
            let channels = entry["channels"]?.intValue ?? Int64(entry["scale"]?.arrayValue?.count ?? 0)
            table.rows.append([Self.tensorName(entry) + (isBoundary(entry) ? Console.dim(" (graph io)") : ""),
                               Self.values(entry, "scale"), Self.values(entry, "zero_point"),
                               channels > 1 ? String(entry["quantized_dimension"]?.intValue ?? 0) : "—"])
        }
        lines += table.render(indent: 4)
        if ordered.count > limit {
            lines.append(Console.dim("    … \(HumanUnits.grouped(ordered.count - limit)) more (--json gives everything)"))
        }
        return lines
    }

    /// `[0.1, 0.2, 0.3]` listed values, or `40 × 0.001…0.2` for a range.
    private static func values(_ entry: JSONObject, _ key: String) -> String {
        if let list = entry[key]?.arrayValue {
            let text = list.map { JSONWriter.string($0, style: .compact) }
            return text.count == 1 ? text[0] : "[" + text.joined(separator: ", ") + "]"
        }
        guard let range = entry[key + "_range"]?.arrayValue, range.count == 2 else { return "—" }
        let channels = entry["channels"]?.intValue ?? 0
        let ends = range.map { JSONWriter.string($0, style: .compact) }
        return "\(channels) × " + (ends[0] == ends[1] ? ends[0] : ends.joined(separator: "…"))
    }

    private static func tensorName(_ entry: JSONObject) -> String {
        let name = entry["name"]?.stringValue ?? "?"
        let shown = name.count > 60 ? String(name.prefix(57)) + "…" : name
        return (entry["graph"]?.intValue ?? 0) == 0 ? shown : "\(shown) [graph \(entry["graph"]?.intValue ?? 0)]"
    }
}
