import ModelArtifact

/// Reads SyNAP models: `.synap` ZIP bundles, and standalone EBG (`EBGX`) or legacy NBG (`VPMN`)
/// payloads with the meta JSON that sits beside them.
///
/// The report has one graph per subgraph (from its meta, with its delegate), the `SyNAPSection`
/// (per subgraph: entries, delegate, payload kind, EBG/NBG header fields, secure flag) and the
/// `SyNAPDetail` (wiring, entry storage, EBG blocks and memory areas, tensor quantization,
/// embedded TFLite/ONNX reports). Stored payloads are read in place; only headers are touched.
public enum SyNAPReader {
    /// Findings kept per code: a bundle gathers its container's and its embedded models' findings too.
    static let findingsPerCode = 200

    /// Reads `file`, a bundle or a standalone payload, by its first bytes.
    public static func read(_ file: MappedFile) throws -> ModelReport {
        let head = Array(file.bytes.prefix(8))
        switch SyNAPPayloadKind.fromMagic(head) {
        case .ebg?, .nbg?:
            return try readPayload(file, meta: siblingMeta(of: file))
        default:
            var reader = try SyNAPBundleReader(file)
            return try reader.read()
        }
    }

    /// Reads a standalone EBG or NBG payload, described by `meta` (a meta JSON file) when given.
    public static func readPayload(_ file: MappedFile, meta metaFile: MappedFile?) throws -> ModelReport {
        var findings = CappedFindings<SyNAPFindingCode>(cap: findingsPerCode)
        var meta: SyNAPMeta?
        if let metaFile {
            meta = try SyNAPMeta.parse(try JSONParser.parse(metaFile.reader(), what: "a SyNAP meta file"),
                                       reader: metaFile.reader())
            findings.checkMeta(meta!, file: file.path, entry: baseName(metaFile.path))
        }
        let delegate = meta?.delegate ?? "npu"
        let name = baseName(file.path)
        var sub = SyNAPSection.Subgraph(model: name, meta: metaFile.map { baseName($0.path) }, delegate: delegate,
                                        secure: meta?.secure ?? false)
        var detail = SyNAPDetail.Subgraph()
        detail.tensors = meta.map { ($0.inputDetails, $0.outputDetails) }
        var inspector = PayloadInspector(findings: findings, file: file.path)
        try inspector.inspect(PayloadBytes(reader: file.reader()), entry: name, delegate: delegate, meta: meta,
                              subgraph: &sub, detail: &detail)
        var report = ModelReport(path: file.path, format: sub.payload == .nbg ? .nbg : .ebg, size: file.size)
        // The payload header's version, as the bundle report gives it under `synap.subgraphs[].ebg|nbg`.
        report.formatVersion = sub.payloadVersion.map { String($0) }
        if let meta {
            report.graphs = [GraphSummary(inputs: meta.inputs, outputs: meta.outputs, delegate: delegate)]
        }
        report.set(SyNAPSection(subgraphs: [sub]))
        report.set(SyNAPDetail(subgraphs: [detail]))
        report.findings = inspector.findings.all
        return report
    }

    /// The meta JSON beside a payload (`model.nb` → `model.json`), mapped, or nil when there is none
    /// (beside its object, for a remote payload).
    static func siblingMeta(of file: MappedFile) -> MappedFile? {
        let path = file.path
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let stem = path[slash...].lastIndex(of: ".").map { path[slash..<$0] } ?? path[slash...]
        if let neighbours = file.neighbours { return try? neighbours.open(stem + ".json") }
        return try? MappedFile(path: String(path[..<slash]) + stem + ".json")
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
