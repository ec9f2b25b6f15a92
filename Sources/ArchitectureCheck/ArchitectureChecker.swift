import ModelArtifact
import ModelInspector

/// Compares checkpoints with named architectures and lists every difference: missing and unexpected
/// tensors, shapes and dtypes, config values, shards and index, tokenizer files.
///
/// The comparison reads only a `ModelReport`'s tensors, metadata and sections, so it works for every
/// format a reader reports tensors for (checkpoint folders, safetensors, GGUF, PyTorch state_dicts).
public struct ArchitectureChecker: Sendable {
    /// Which architecture to compare with.
    public enum Choice: Sendable {
        /// This one.
        case named(ArchitectureSpec)
        /// The registered one that matches best.
        case auto
    }

    /// The lowest score `auto` accepts as a match.
    public static let autoThreshold = 0.5

    /// The architectures `auto` chooses among and size hints name.
    public let registry: ArchitectureRegistry

    /// A checker over `registry` (the built-in architectures by default).
    public init(registry: ArchitectureRegistry = .builtin) {
        self.registry = registry
    }

    /// Inspects `path` and checks it; folder-only checks (tokenizer, unindexed shards) included.
    /// Throws `ArtifactError` when the input cannot be read.
    public func check(path: String, _ choice: Choice) throws -> CheckResult {
        let report = try ModelInspector.inspect(path: path)
        return check(report, choice, folderNames: report.format == .hfCheckpoint ? try FolderListing.names(path) : nil)
    }

    /// Checks an inspected `report` (of a local or a remote input); `folderNames`, the names of a
    /// checkpoint folder's files, adds the folder-only checks.
    public func check(_ report: ModelReport, _ choice: Choice, folderNames: [String]?) -> CheckResult {
        switch choice {
        case .named(let spec):
            return check(report, against: spec, folderNames: folderNames)
        case .auto:
            return best(report, folderNames: folderNames)
        }
    }

    /// Compares `report` with `spec`; `folderNames`, the names of the files of a checkpoint folder,
    /// adds the folder-only checks.
    public func check(_ report: ModelReport, against spec: ArchitectureSpec, folderNames: [String]? = nil) -> CheckResult {
        let readerFindings = report.findings
        guard let tensors = report.tensors, !tensors.isEmpty else {
            let why = report.tensors == nil
                ? "\(report.format.rawValue) files are recognised but their tensors are not read by this version"
                : "the checkpoint holds no tensors"
            return CheckResult(path: report.path, format: report.format, architecture: spec.id, score: 0,
                               expectedTensors: spec.inventory(.huggingFace).filter { !$0.optional }.count,
                               foundTensors: 0, matchedTensors: 0, unexpectedTensors: 0, configChecked: 0, configDisagreements: 0,
                               findings: readerFindings + [Finding(ArchitectureFindingCode.noTensors,
                                   "\(why): nothing to compare with \(spec.id)", location: report.path)])
        }
        let naming: TensorNaming = report.format == .gguf ? .gguf : .huggingFace
        let expected = spec.inventory(naming)
        let view = CheckpointView(report, expected: Set(expected.map(\.name)))
        let config = ConfigComparison(spec: spec, view: view)
        let comparison = TensorComparison(spec: spec, view: view, expected: expected)
        var findings = readerFindings + notes(view) + config.findings + comparison.findings
        if let names = folderNames { findings += FolderChecks.findings(report, spec: spec, names: names) }
        if let hint = SizeHint.finding(spec, view, registry: registry) { findings.append(hint) }
        let denominator = comparison.expectedCount + comparison.unexpectedCount
        let score = denominator == 0 ? 0 : Double(comparison.matched) / Double(denominator)
        return CheckResult(path: report.path, format: report.format, architecture: spec.id, score: score,
                           expectedTensors: comparison.expectedCount, foundTensors: tensors.count,
                           matchedTensors: comparison.matched, unexpectedTensors: comparison.unexpectedCount,
                           configChecked: config.checked,
                           configDisagreements: config.disagreements, findings: findings)
    }

    /// The check against the best-scoring registered architecture, with every candidate's score;
    /// below `autoThreshold` it fails with ARCH014.
    public func best(_ report: ModelReport, folderNames: [String]? = nil) -> CheckResult {
        let results = registry.all.map { check(report, against: $0, folderNames: folderNames) }
        let ranked = results.indices.sorted { results[$0].score > results[$1].score || (results[$0].score == results[$1].score && $0 < $1) }
        guard let top = ranked.first else {
            return CheckResult(path: report.path, format: report.format, architecture: "none", score: 0, expectedTensors: 0,
                               foundTensors: report.tensors?.count ?? 0, matchedTensors: 0, unexpectedTensors: 0, configChecked: 0,
                               configDisagreements: 0, findings: [Finding(ArchitectureFindingCode.noMatch,
                                   "no architecture is registered", location: report.path)])
        }
        var result = results[top]
        result.candidates = ranked.map { (results[$0].architecture, results[$0].score) }
        if result.score < Self.autoThreshold {
            let others = ranked.dropFirst().prefix(2).map { "\(results[$0].architecture) \(results[$0].scoreText)" }
            result.findings.append(Finding(ArchitectureFindingCode.noMatch,
                "no registered architecture matches: the best is \(result.architecture) with score \(result.scoreText)"
                    + (others.isEmpty ? "" : " (then \(others.joined(separator: ", ")))")
                    + "; registered: \(registry.ids.joined(separator: ", "))",
                location: report.path))
        }
        return result
    }

    /// How the names were compared, when it is not plain.
    private func notes(_ view: CheckpointView) -> [Finding] {
        var notes: [Finding] = []
        if let prefix = view.strippedPrefix {
            notes.append(Finding(ArchitectureFindingCode.comparisonNote,
                "tensor names carry the prefix \"\(prefix)\"; compared without it", location: view.report.path))
        }
        if view.naming == .gguf {
            notes.append(Finding(ArchitectureFindingCode.comparisonNote,
                "GGUF names mapped to the architecture's and shapes read in reverse (ne) order; dtypes not checked (GGUF quantizes as it chooses)",
                location: view.report.path))
        }
        return notes
    }
}
