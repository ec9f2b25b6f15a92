import FormatProbe
import ModelArtifact
import ModelInspector
import SyNAPReader

/// The human view of a SyNAP bundle or payload: a small tree of subgraphs with their delegates and
/// target chips, the wiring of inputs and outputs, memory areas, and tensor tables with quantization.
struct SyNAPView {
    let report: ModelReport

    /// True when the report has a `synap` section (then this view replaces the generic graph view).
    var applies: Bool { report.section(SyNAPSection.self) != nil }

    func render() -> [String] {
        guard let subs = report.section(SyNAPSection.self)?.subgraphs else { return [] }
        let detail = report.section(SyNAPDetail.self)
        let details = detail?.subgraphs ?? []
        let graphs = report.graphs ?? []
        var lines = ["", "  " + Console.bold(report.format == .synap ? "bundle" : "payload")
                     + Console.dim(" (\(subs.count) subgraph\(subs.count == 1 ? "" : "s"))")]
        for (i, sub) in subs.enumerated() {
            let last = i == subs.count - 1
            let info = i < details.count ? details[i] : SyNAPDetail.Subgraph()
            lines.append("  " + (last ? "└─ " : "├─ ") + Console.bold("subgraph \(i)") + "  " + Self.headline(sub))
            let pad = "  " + (last ? "   " : "│  ") + "  "
            var storage = "model " + sub.model
            if let entry = info.modelEntry {
                storage += Console.dim(" (\(entry.method), \(HumanUnits.bytes(entry.size)))")
            }
            if let meta = sub.meta { storage += " · meta \(meta)" }
            lines.append(pad + storage)
            if let wires = info.inputs, !wires.isEmpty {
                lines.append(pad + Console.dim("wiring    ") + wires.map(Self.wire).joined(separator: ", "))
            }
            if let records = info.ebg?.metadata?.records {
                let areas = records.filter { !["INPUT", "OUTPUT"].contains($0.typeName) }
                    .map { "\($0.typeName) \(HumanUnits.bytes(Int($0.size)))" }
                if !areas.isEmpty { lines.append(pad + Console.dim("areas     ") + areas.joined(separator: ", ")) }
            }
            if let embedded = info.embedded {
                lines.append(pad + Console.dim("embedded  ") + Self.embedded(embedded))
            }
            lines += table(i < graphs.count ? graphs[i] : nil, info.tensors).map { pad + $0 }
        }
        if let outputs = detail?.outputs, !outputs.isEmpty {
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
              let subs = report.section(SyNAPSection.self)?.subgraphs
        else { return detection }
        let named = subs.map { sub in
            var text = sub.delegate
            if let hw = sub.ebg?.metadata?.hardwareType {
                text += " on " + (sub.ebg?.soc ?? "unknown NPU 0x\(String(hw, radix: 16))")
            } else if let payload = sub.payload?.rawValue, payload != text {
                text += " (\(payload))"
            }
            return text
        }
        var out = detection
        out.reason += "; subgraph\(subs.count == 1 ? "" : "s"): " + named.joined(separator: ", ")
        return out
    }

    /// `npu · ebg · VS680/SL1680 (0xc1) · "_NHWC" · profiling`
    static func headline(_ sub: SyNAPSection.Subgraph) -> String {
        var parts = [sub.delegate, sub.payload?.rawValue ?? "?"]
        if let ebg = sub.ebg {
            if let m = ebg.metadata {
                parts.append("\(ebg.soc ?? "unknown SoC") (0x\(String(m.hardwareType, radix: 16)))")
                parts.append("\"\(m.networkName)\"")
                if m.executionMode == 1 { parts.append("profiling") }
            }
            if ebg.securityType != 0 { parts.append("encrypted") }
        }
        if let nbg = sub.nbg { parts.append("NBG target \(nbg.target) \"\(nbg.networkName)\"") }
        if sub.secure { parts.append("secure") }
        return parts.joined(separator: " · ")
    }

    /// `bundle input 0` or `subgraph 1 out 0`.
    static func wire(_ wire: SyNAPWire) -> String {
        wire.subgraph == -1 ? "← bundle input \(wire.index)" : "← subgraph \(wire.subgraph) out \(wire.index)"
    }

    /// `tflite v3 · 12 nodes · CONV_2D 3, …`
    static func embedded(_ report: ModelReport) -> String {
        var text = report.format.rawValue
        if let version = report.formatVersion { text += " v\(version)" }
        let ops = (report.graphs ?? []).flatMap(\.operators)
        if let count = report.tensorCount { text += " · \(count) weight tensors" }
        let shown = ops.sorted { $0.count > $1.count }.prefix(6).map { "\($0.name) \($0.count)" }
        if !shown.isEmpty { text += " · " + shown.joined(separator: ", ") + (ops.count > 6 ? " …" : "") }
        return text
    }

    private func table(_ graph: GraphSummary?, _ tensors: (inputs: [SyNAPTensorDetail], outputs: [SyNAPTensorDetail])?) -> [String] {
        guard let graph else { return [] }
        var t = TextTable(headers: ["", "name", "dtype", "shape", "layout", "quantization"])
        for (label, values, extra) in [("in", graph.inputs, tensors?.inputs ?? []), ("out", graph.outputs, tensors?.outputs ?? [])] {
            for (k, v) in values.enumerated() {
                let d = k < extra.count ? extra[k] : nil
                t.rows.append([label, v.name, v.dtype?.name ?? "?", v.shape.map(ReportView.shape) ?? "?",
                               d?.layout?.stringValue ?? "", d.map(Self.quantization) ?? ""])
            }
        }
        return t.rows.isEmpty ? [] : t.render(indent: 0)
    }

    /// `asymmetric_affine u8 scale 0.0078125 zp 128`
    static func quantization(_ d: SyNAPTensorDetail) -> String {
        guard let quantizer = d.quantizer?.stringValue else { return "" }
        var parts = [quantizer]
        // `quantize` is the meta file's own object, shown as written.
        let q = d.quantize?.objectValue ?? [:]
        if let qtype = q["qtype"]?.stringValue { parts.append(qtype) }
        for (key, label) in [("scale", "scale"), ("zero_point", "zp"), ("fl", "fl")] {
            if let v = q[key] { parts.append("\(label) \(ReportView.short(v))") }
        }
        return parts.joined(separator: " ")
    }
}
