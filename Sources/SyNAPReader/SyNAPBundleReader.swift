import ModelArtifact
import ZipContainer

/// Reads a `.synap` ZIP bundle: bundle.json, each subgraph's meta and payload, and their wiring.
struct SyNAPBundleReader {
    /// Largest bundle.json or meta JSON read.
    static let maxJSON = 16 << 20

    /// Bytes inflated or parsed for all entries together, at most (many subgraphs naming one big entry):
    /// 512 MiB keeps the worst bundle of 100 MB within 5 s on two cores.
    static let totalBudget = 1 << 29

    let archive: ZipArchive
    var findings = CappedFindings<SyNAPFindingCode>(cap: SyNAPReader.findingsPerCode)
    /// Bytes this bundle may inflate or parse, all entries together (`totalBudget`; smaller in tests).
    let budget: Int
    var spent = 0

    /// Takes `bytes` from the budget; false when it is used up.
    mutating func spend(_ bytes: Int) -> Bool {
        guard bytes >= 0, bytes <= budget - spent else { return false }
        spent += bytes
        return true
    }

    init(_ file: MappedFile, budget: Int = totalBudget) throws {
        self.budget = budget
        archive = try ZipArchive(file)
        findings.merge(archive.findings)
    }

    mutating func read() throws -> ModelReport {
        let file = archive.file
        guard let entry = archive.entry(named: "bundle.json") else {
            throw file.reader().error("synap-no-bundle-json", expected: "a bundle.json entry", found: "none")
        }
        let bytes = try archive.contents(of: entry, maxSize: Self.maxJSON)
        let name = "\(file.path)!bundle.json"
        let bundle = try SyNAPBundleJSON.parse(try JSONParser.parse(bytes: bytes, name: name, what: "bundle.json"),
                                               reader: MappedFile(bytes: bytes, name: name).reader())
        var graphs: [GraphSummary] = []
        var subgraphs: [SyNAPSection.Subgraph] = []
        var details: [SyNAPDetail.Subgraph] = []
        var metas: [SyNAPMeta?] = []
        for g in bundle.graph {
            let meta = readMeta(g.meta)
            metas.append(meta)
            let delegate = meta?.delegate ?? "npu"
            graphs.append(GraphSummary(inputs: meta?.inputs ?? [], outputs: meta?.outputs ?? [], delegate: delegate))
            var sub = SyNAPSection.Subgraph(model: g.model, meta: g.meta, delegate: delegate, secure: meta?.secure ?? false)
            var detail = SyNAPDetail.Subgraph()
            detail.inputs = g.inputs
            detail.delegateText = meta?.delegateText
            detail.tensors = meta.map { ($0.inputDetails, $0.outputDetails) }
            readPayload(g.model, delegate: delegate, meta: meta, subgraph: &sub, detail: &detail)
            subgraphs.append(sub)
            details.append(detail)
        }
        var wiring = SyNAPWiring(findings: findings, file: file.path)
        wiring.check(bundle, outputCounts: metas.map { $0?.outputs.count }, inputCounts: metas.map { $0?.inputs.count })
        findings = wiring.findings

        var report = ModelReport(path: file.path, format: .synap, size: file.size)
        report.graphs = graphs
        report.set(SyNAPSection(subgraphs: subgraphs))
        report.set(SyNAPDetail(entries: archive.entries.map(SyNAPDetail.Entry.init), outputs: bundle.outputs,
                               parallelLimit: bundle.parallelLimit, subgraphs: details))
        report.findings = findings.all
        return report
    }

    private mutating func readMeta(_ name: String?) -> SyNAPMeta? {
        guard let name else { return nil }
        let file = archive.file.path
        guard let entry = archive.entry(named: name), !entry.isDirectory else {
            findings.add(.missingEntry, "bundle.json names meta entry '\(name)', which the bundle lacks", file: file)
            return nil
        }
        guard spend(entry.uncompressedSize) else {
            findings.add(.tooLarge, "the meta file is past the bundle's inspection budget", file: file, entry: name)
            return nil
        }
        do {
            let bytes = try archive.contents(of: entry, maxSize: Self.maxJSON)
            let path = "\(archive.file.path)!\(name)"
            let meta = try SyNAPMeta.parse(try JSONParser.parse(bytes: bytes, name: path, what: "a SyNAP meta file"),
                                           reader: MappedFile(bytes: bytes, name: path).reader())
            findings.checkMeta(meta, file: file, entry: name)
            return meta
        } catch let error as ArtifactError {
            findings.add(.unreadable, "the meta file cannot be read: \(error.rule): expected \(error.expected), found \(error.found)",
                         file: file, entry: name)
            return nil
        } catch {
            return nil
        }
    }

    private mutating func readPayload(_ name: String, delegate: String, meta: SyNAPMeta?,
                                      subgraph: inout SyNAPSection.Subgraph, detail: inout SyNAPDetail.Subgraph) {
        let file = archive.file.path
        guard let entry = archive.entry(named: name), !entry.isDirectory else {
            findings.add(.missingEntry, "bundle.json names model entry '\(name)', which the bundle lacks", file: file)
            subgraph.payload = SyNAPPayloadKind.fromName(name)
            return
        }
        detail.modelEntry = SyNAPDetail.Entry(entry)
        var inspector = PayloadInspector(findings: findings, file: file)
        do {
            let reader: ByteReader
            var ownFile = false
            let head = entry.method == .stored ? [] : try archive.prefix(of: entry, count: 8)
            let headKind = SyNAPPayloadKind.fromMagic(head) ?? (SyNAPPayloadKind.fromName(name) == .onnx ? .onnx : .unknown)
            if entry.method == .stored {
                reader = try archive.reader(for: entry)
            } else if headKind == .vmfb || headKind == .unknown {
                // Only the magic matters for a payload this reader does not open: inflate no more than that.
                reader = MappedFile(bytes: head, name: "\(archive.file.path)!\(name)").reader()
            } else if entry.uncompressedSize <= PayloadInspector.maxEmbeddedCopy, spend(entry.uncompressedSize) {
                // The inflated array lives only until it is copied into the mapped file.
                reader = MappedFile(bytes: try archive.contents(of: entry, maxSize: PayloadInspector.maxEmbeddedCopy),
                                    name: "\(archive.file.path)!\(name)").reader()
                ownFile = true
            } else {
                findings.add(.tooLarge, "the \(entry.method) payload of \(entry.uncompressedSize) bytes is too large to inflate for inspection (or past the bundle's budget)",
                             file: file, entry: name)
                subgraph.payload = SyNAPPayloadKind.fromName(name)
                return
            }
            try inspector.inspect(PayloadBytes(reader: reader, isOwnFile: ownFile), entry: name, delegate: delegate, meta: meta,
                                  subgraph: &subgraph, detail: &detail)
            findings = inspector.findings
        } catch let error as ArtifactError {
            findings = inspector.findings
            findings.add(.unreadable, "the payload cannot be read: \(error.rule): expected \(error.expected), found \(error.found)",
                         file: file, entry: name)
            if subgraph.payload == nil { subgraph.payload = SyNAPPayloadKind.fromName(name) }
        } catch {
            findings = inspector.findings
        }
    }
}

/// Checks bundle.json's wiring against the subgraphs and their metas.
struct SyNAPWiring {
    var findings: CappedFindings<SyNAPFindingCode>
    /// The bundle's path, where wiring findings are located.
    let file: String

    mutating func check(_ bundle: SyNAPBundleJSON, outputCounts: [Int?], inputCounts: [Int?]) {
        let count = bundle.graph.count
        for (i, g) in bundle.graph.enumerated() {
            if let want = inputCounts[i], want != g.inputs.count {
                findings.add(.wiring, "subgraph \(i) has \(want) inputs in its meta but \(g.inputs.count) wired in bundle.json", file: file)
            }
            for (k, wire) in g.inputs.enumerated() {
                check(wire, what: "input \(k) of subgraph \(i)", before: i, count: count, outputCounts: outputCounts)
            }
        }
        for (k, wire) in bundle.outputs.enumerated() {
            check(wire, what: "bundle output \(k)", before: count, count: count, outputCounts: outputCounts)
        }
    }

    private mutating func check(_ wire: SyNAPWire, what: String, before: Int, count: Int, outputCounts: [Int?]) {
        if wire.index < 0 {
            findings.add(.wiring, "\(what) is wired to index \(wire.index)", file: file)
        } else if wire.subgraph == -1 {
            return
        } else if wire.subgraph < 0 || wire.subgraph >= count {
            findings.add(.wiring, "\(what) is wired to subgraph \(wire.subgraph); the bundle has \(count)", file: file)
        } else if wire.subgraph >= before {
            findings.add(.wiring, "\(what) is wired to subgraph \(wire.subgraph), which does not run before it", file: file)
        } else if let outputs = outputCounts[wire.subgraph], wire.index >= outputs {
            findings.add(.wiring, "\(what) is wired to output \(wire.index) of subgraph \(wire.subgraph), which has \(outputs)", file: file)
        }
    }
}
