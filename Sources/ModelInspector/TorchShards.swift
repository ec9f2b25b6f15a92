import FormatProbe
import ModelArtifact
import PTReader

/// The PyTorch `.bin` shards of a checkpoint folder, each read by the PyTorch reader, and every
/// other file of the folder a pickle loader opens (`training_args.bin`, `optimizer.pt`, `*.pkl`…),
/// judged by the gate; their globals, verdicts and findings are gathered for the folder's report,
/// whose verdict is its worst file's.
struct TorchShards {
    private var globals = Set<String>()
    private var verdict: PickleVerdict?
    private var read = 0
    private var findings: [Finding] = []

    /// The tensors of `file` (named `shard` in the folder), or nil when it is no PyTorch file. An
    /// unsafe shard gives no tensors (they cannot be trusted) and makes the folder unsafe.
    mutating func read(_ file: MappedFile, shard: String) throws -> [TensorInfo]? {
        let detection = FormatProbe.detect(file: file)
        guard detection.format == .pt || detection.format == .ptLegacy else {
            // Not a torch.save file, but torch.load would still unpickle it: judged as it would.
            add(ModelInspector.judge(file, format: detection.format), as: shard)
            return nil
        }
        return add(try PTReader.read(file, as: detection.format), as: shard)
    }

    /// Gathers a file's judgement (`judge`'s or a reader's report) under the name `shard`; returns its tensors.
    @discardableResult
    mutating func add(_ report: ModelReport, as shard: String) -> [TensorInfo]? {
        guard report.verdict != nil else { return nil }
        read += 1
        globals.formUnion(report.section(PickleSection.self)?.globals ?? [])
        if let shardVerdict = report.verdict { verdict = max(verdict ?? shardVerdict, shardVerdict) }
        findings += report.findings.map { finding in
            var copy = finding
            copy.location = shard + (finding.location.map { "!/" + $0 } ?? "")
            return copy
        }
        return report.tensors ?? []
    }

    /// Adds the folder's `pickle` section, verdict and the shards' findings, when any shard was read.
    func finish(_ report: inout ModelReport, findings: inout [Finding]) {
        guard read > 0 else { return }
        report.set(PickleSection(globals: globals))
        report.verdict = verdict
        findings += self.findings
    }
}
