import GGUFReader
import ModelArtifact
import ModelInspector

/// The human view of a `ModelReport`: a summary, the dtype breakdown, metadata, the first tensors
/// and the findings, in aligned columns with human units.
struct ReportView {
    /// The report, every string in it cleaned for the terminal (`TerminalText.report`).
    let report: ModelReport
    /// How many tensors to list.
    let tensorLimit: Int

    init(report: ModelReport, tensorLimit: Int) {
        self.report = TerminalText.report(report)
        self.tensorLimit = tensorLimit
    }

    func render() -> String {
        var lines: [String] = [Console.bold(report.path)]
        func field(_ name: String, _ value: String) {
            lines.append("  " + Console.dim(name.padding(12)) + value)
        }
        let verdict = VerdictView(report: report)
        if let summary = verdict.summary {
            field("verdict", summary)
            lines += verdict.details
        }
        field("format", report.format.rawValue + (report.formatVersion.map { " (version \($0))" } ?? ""))
        field("size", "\(HumanUnits.bytes(report.size)) (\(HumanUnits.grouped(report.size)) bytes)")
        if let producer = report.producer {
            field("producer", producer.name + (producer.version.map { " \($0)" } ?? ""))
        }
        if let tensors = report.tensors {
            let weightBytes = tensors.reduce(0) { $0 + ($1.length ?? 0) }
            let parameters = report.parameterCount ?? 0
            field("tensors", "\(HumanUnits.grouped(tensors.count)) · \(HumanUnits.count(parameters)) parameters · \(HumanUnits.bytes(weightBytes)) of weights")
            if !tensors.isEmpty { lines += dtypeBreakdown(tensors, parameters: parameters) }
        }
        let synap = SyNAPView(report: report)
        lines += synap.applies ? synap.render()
            : GraphView(report: report, typeNames: ONNXView(report: report).valueTypes).render()
        lines += ONNXView(report: report).render()
        lines += TFLiteView(report: report, limit: tensorLimit).render()
        lines += sectionLines()
        if let metadata = report.metadata, !metadata.isEmpty {
            lines.append("")
            lines.append("  " + Console.bold("metadata") + Console.dim(" (\(metadata.count))"))
            let width = min(40, metadata.keys.map(\.count).max() ?? 0)
            for (key, value) in metadata {
                lines.append("    " + Console.dim(key.padding(width)) + "  " + Self.short(value))
            }
        }
        if let tensors = report.tensors, !tensors.isEmpty, tensorLimit > 0 {
            lines.append("")
            lines += tensorTable(tensors)
        }
        lines.append("")
        if report.findings.isEmpty {
            lines.append("  " + Console.dim("findings".padding(12)) + "none")
        } else {
            lines.append("  " + Console.bold("findings") + Console.dim(" (\(report.findings.count))"))
            lines += report.findings.map { "    " + Self.findingLine($0) }
        }
        return lines.joined(separator: "\n")
    }

    /// `error   ARCH001  message  [location]`, severity coloured on a terminal, the text cleaned.
    static func findingLine(_ finding: Finding) -> String {
        let finding = TerminalText.finding(finding)
        let tag = Console.severity("\(finding.severity.rawValue.padding(7)) \(finding.code)", finding.severity.rawValue)
        return "\(tag)  \(finding.message)" + (finding.location.map { Console.dim("  [\($0)]") } ?? "")
    }

    private func dtypeBreakdown(_ tensors: [TensorInfo], parameters: Int) -> [String] {
        var order: [String] = []
        var stats: [String: (tensors: Int, elements: Int, bytes: Int)] = [:]
        for tensor in tensors {
            let name = tensor.dtype.name
            if stats[name] == nil { order.append(name) }
            var entry = stats[name] ?? (0, 0, 0)
            entry.tensors += 1
            entry.elements += tensor.elementCount ?? 0
            entry.bytes += tensor.length ?? 0
            stats[name] = entry
        }
        var table = TextTable(headers: ["dtype", "tensors", "parameters", "bytes", "share"], rightAligned: [1, 2, 3, 4])
        for name in order.sorted(by: { stats[$0]!.elements > stats[$1]!.elements }) {
            let s = stats[name]!
            table.rows.append([name, HumanUnits.grouped(s.tensors), HumanUnits.count(s.elements), HumanUnits.bytes(s.bytes),
                               HumanUnits.percent(s.elements, of: parameters)])
        }
        return [""] + table.render(indent: 4)
    }

    private func tensorTable(_ tensors: [TensorInfo]) -> [String] {
        let showFile = tensors.contains { $0.file != nil }
        var headers = ["name", "dtype", "shape"]
        if showFile { headers.append("file") }
        headers += ["offset", "bytes"]
        var table = TextTable(headers: headers, rightAligned: [headers.count - 2, headers.count - 1])
        for tensor in tensors.prefix(tensorLimit) {
            var row = [tensor.name.isEmpty ? "\"\"" : tensor.name, tensor.dtype.name, Self.shape(tensor.shape)]
            if showFile { row.append(tensor.file ?? "") }
            row += [tensor.offset.map(HumanUnits.grouped) ?? "—", tensor.length.map(HumanUnits.bytes) ?? "—"]
            table.rows.append(row)
        }
        var lines = table.render(indent: 2)
        if tensors.count > tensorLimit {
            lines.append(Console.dim("  … \(HumanUnits.grouped(tensors.count - tensorLimit)) more (--tensors lists all, --json gives everything)"))
        }
        return lines
    }

    private func sectionLines() -> [String] {
        var lines: [String] = []
        if let shards = report.section(CheckpointSection.self)?.shards {
            lines.append("")
            lines.append("  " + Console.bold("shards") + Console.dim(" (\(shards.count))"))
            var table = TextTable(headers: ["file", "tensors", "size"], rightAligned: [1, 2])
            for shard in shards {
                table.rows.append([shard.file, String(shard.tensorCount), HumanUnits.bytes(shard.size)])
            }
            lines += table.render(indent: 4)
        }
        if let arrays = report.section(GGUFSection.self)?.arrays, !arrays.isEmpty {
            lines.append("")
            lines.append("  " + Console.bold("arrays") + Console.dim(" (\(arrays.count), left out of metadata)"))
            let width = min(40, arrays.map(\.key.count).max() ?? 0)
            for array in arrays {
                lines.append("    " + Console.dim(array.key.padding(width)) + "  [\(array.elementType) × \(HumanUnits.grouped(array.count))]")
            }
        }
        return lines
    }

    static func shape(_ dims: [Dimension]) -> String {
        dims.isEmpty ? "scalar" : dims.map(\.description).joined(separator: "×")
    }

    static func short(_ value: JSONValue) -> String {
        // Strings print bare unless they hold line breaks or other controls, which would break the column.
        let plain = value.stringValue.map { !$0.unicodeScalars.contains { $0.value < 0x20 } } ?? false
        let text = plain ? value.stringValue! : JSONWriter.string(value, style: .compact)
        return text.count > 100 ? String(text.prefix(97)) + "…" : text
    }
}

extension String {
    /// The string padded with spaces to `width` characters (never cut).
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
