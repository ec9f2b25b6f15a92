import FormatProbe
import ModelArtifact
import ModelInspector

/// The human view of a SyNAP bundle or payload: a small tree of subgraphs with their delegates and
/// target chips, the wiring of inputs and outputs, memory areas, and tensor tables with quantization.
struct SyNAPView {
    let report: ModelReport

    /// True when the report has a `synap` section (then this view replaces the generic graph view).
    var applies: Bool { report.sections["synap"] != nil }

    func render() -> [String] {
        guard let subs = report.sections["synap"]?.objectValue?["subgraphs"]?.arrayValue?.compactMap(\.objectValue)
        else { return [] }
        let detail = report.sections["synap_detail"]?.objectValue
        let details = detail?["subgraphs"]?.arrayValue?.compactMap(\.objectValue) ?? []
        let graphs = report.graphs ?? []
        var lines = ["", "  " + Console.bold(report.format == .synap ? "bundle" : "payload")
                     + Console.dim(" (\(subs.count) subgraph\(subs.count == 1 ? "" : "s"))")]
        for (i, sub) in subs.enumerated() {
            let last = i == subs.count - 1
            let info = i < details.count ? details[i] : [:]
            lines.append("  " + (last ? "└─ " : "├─ ") + Console.bold("subgraph \(i)") + "  " + Self.headline(sub, info))
            let pad = "  " + (last ? "   " : "│  ") + "  "
            var storage = "model " + (sub["model"]?.stringValue ?? "?")
            if let entry = info["model_entry"]?.objectValue {
                storage += Console.dim(" (\(entry["method"]?.stringValue ?? ""), \(HumanUnits.bytes(Int(entry["size"]?.intValue ?? 0))))")
            }
            if let meta = sub["meta"]?.stringValue { storage += " · meta \(meta)" }
            lines.append(pad + storage)
            if let wires = info["inputs"]?.arrayValue, !wires.isEmpty {
                lines.append(pad + Console.dim("wiring    ") + wires.map(Self.wire).joined(separator: ", "))
            }
            if let records = info["ebg"]?.objectValue?["records"]?.arrayValue?.compactMap(\.objectValue) {
                let areas = records.filter { !["INPUT", "OUTPUT"].contains($0["type"]?.stringValue ?? "") }
                    .map { "\($0["type"]?.stringValue ?? "?") \(HumanUnits.bytes(Int($0["size"]?.intValue ?? 0)))" }
                if !areas.isEmpty { lines.append(pad + Console.dim("areas     ") + areas.joined(separator: ", ")) }
            }
            if let embedded = info["embedded"]?.objectValue {
                lines.append(pad + Console.dim("embedded  ") + Self.embedded(embedded))
            }
            let tensors = info["tensors"]?.objectValue
            lines += table(i < graphs.count ? graphs[i] : nil, tensors).map { pad + $0 }
        }
        if let outputs = detail?["outputs"]?.arrayValue, !outputs.isEmpty {
            lines.append("  " + Console.dim("outputs   ") + outputs.map(Self.wire).joined(separator: ", "))
        }
        return lines
    }

    /// A SyNAP detection with the delegates and target chips of its subgraphs added to the reason
    /// (`…; subgraphs: npu on VS680/SL1680, tflite`); other detections, or unreadable files, unchanged.
    static func namingDelegates(_ detection: Detection, path: String) -> Detection {
        guard [.synap, .ebg, .nbg].contains(detection.format),
              let file = try? MappedFile(path: path),
              let report = try? ModelInspector.read(file, as: detection),
              let subs = report.sections["synap"]?.objectValue?["subgraphs"]?.arrayValue?.compactMap(\.objectValue)
        else { return detection }
        let details = report.sections["synap_detail"]?.objectValue?["subgraphs"]?.arrayValue?.compactMap(\.objectValue) ?? []
        let named = subs.enumerated().map { i, sub in
            var text = sub["delegate"]?.stringValue ?? "?"
            if let hw = sub["ebg"]?.objectValue?["hardware_type"]?.intValue {
                let soc = i < details.count ? details[i]["ebg"]?.objectValue?["soc"]?.stringValue : nil
                text += " on " + (soc ?? "unknown NPU 0x\(String(hw, radix: 16))")
            } else if let payload = sub["payload"]?.stringValue, payload != text {
                text += " (\(payload))"
            }
            return text
        }
        var out = detection
        out.reason += "; subgraph\(subs.count == 1 ? "" : "s"): " + named.joined(separator: ", ")
        return out
    }

    /// `npu · ebg · VS680/SL1680 (0xc1) · "_NHWC" · profiling`
    static func headline(_ sub: JSONObject, _ info: JSONObject) -> String {
        var parts = [sub["delegate"]?.stringValue ?? "?", sub["payload"]?.stringValue ?? "?"]
        if let ebg = sub["ebg"]?.objectValue {
            if let hw = ebg["hardware_type"]?.intValue {
                let soc = info["ebg"]?.objectValue?["soc"]?.stringValue ?? "unknown SoC"
                parts.append("\(soc) (0x\(String(hw, radix: 16)))")
            }
            if let name = ebg["network_name"]?.stringValue { parts.append("\"\(name)\"") }
            if ebg["execution_mode"]?.intValue == 1 { parts.append("profiling") }
            if (ebg["security_type"]?.intValue ?? 0) != 0 { parts.append("encrypted") }
        }
        if let nbg = sub["nbg"]?.objectValue, let name = nbg["network_name"]?.stringValue {
            parts.append("NBG target \(nbg["target"]?.intValue ?? 0) \"\(name)\"")
        }
        if sub["secure"] == .bool(true) { parts.append("secure") }
        return parts.joined(separator: " · ")
    }

    /// `bundle input 0` or `subgraph 1 out 0`.
    static func wire(_ value: JSONValue) -> String {
        guard let o = value.objectValue, let sub = o["subgraph"]?.intValue else { return "?" }
        let index = o["out"]?.intValue ?? o["in"]?.intValue ?? 0
        return sub == -1 ? "← bundle input \(index)" : "← subgraph \(sub) out \(index)"
    }

    /// `tflite v3 · 12 nodes · CONV_2D 3, …`
    static func embedded(_ o: JSONObject) -> String {
        var text = o["format"]?.stringValue ?? "?"
        if let version = o["format_version"]?.stringValue { text += " v\(version)" }
        var ops: [(String, Int64)] = []
        for case .object(let g) in o["graphs"]?.arrayValue ?? [] {
            for (name, count) in g["operators"]?.objectValue ?? [:] { ops.append((name, count.intValue ?? 0)) }
        }
        if let count = o["tensor_count"]?.intValue { text += " · \(count) weight tensors" }
        let shown = ops.sorted { $0.1 > $1.1 }.prefix(6).map { "\($0.0) \($0.1)" }
        if !shown.isEmpty { text += " · " + shown.joined(separator: ", ") + (ops.count > 6 ? " …" : "") }
        return text
    }

    private func table(_ graph: GraphSummary?, _ tensors: JSONObject?) -> [String] {
        guard let graph else { return [] }
        var t = TextTable(headers: ["", "name", "dtype", "shape", "layout", "quantization"])
        for (label, values, key) in [("in", graph.inputs, "inputs"), ("out", graph.outputs, "outputs")] {
            let extra = tensors?[key]?.arrayValue?.compactMap(\.objectValue) ?? []
            for (k, v) in values.enumerated() {
                let d = k < extra.count ? extra[k] : [:]
                t.rows.append([label, v.name, v.dtype?.name ?? "?", v.shape.map(ReportView.shape) ?? "?",
                               d["layout"]?.stringValue ?? "", Self.quantization(d)])
            }
        }
        return t.rows.isEmpty ? [] : t.render(indent: 0)
    }

    /// `asymmetric_affine u8 scale 0.0078125 zp 128`
    static func quantization(_ d: JSONObject) -> String {
        guard let quantizer = d["quantizer"]?.stringValue else { return "" }
        var parts = [quantizer]
        let q = d["quantize"]?.objectValue ?? [:]
        if let qtype = q["qtype"]?.stringValue { parts.append(qtype) }
        for (key, label) in [("scale", "scale"), ("zero_point", "zp"), ("fl", "fl")] {
            if let v = q[key] { parts.append("\(label) \(ReportView.short(v))") }
        }
        return parts.joined(separator: " ")
    }
}
