import ModelArtifact
import ModelInspector

/// What only a checkpoint folder can get wrong beyond its report: tokenizer files left behind, and
/// shard files the index does not name (which the folder reader, following the index, never opens).
enum FolderChecks {
    /// A tokenizer a folder may carry instead of `tokenizer.json` (SentencePiece).
    static let alternatives: [String: [String]] = ["tokenizer.json": ["tokenizer.model"]]

    /// The findings for the folder `report.path`, given its file `names`.
    static func findings(_ report: ModelReport, spec: ArchitectureSpec, names: [String]) -> [Finding] {
        var findings: [Finding] = []
        let present = Set(names)
        let missing = spec.tokenizerFiles.filter { file in
            !([file] + (alternatives[file] ?? [])).contains(where: present.contains)
        }
        if !missing.isEmpty {
            findings.append(Finding(ArchitectureFindingCode.tokenizerMissing,
                "tokenizer file\(missing.count == 1 ? "" : "s") missing: \(missing.joined(separator: ", ")) (\(spec.id) is served with its tokenizer)",
                location: report.path))
        }
        guard let section = report.section(CheckpointSection.self), let index = section.index else { return findings }
        let read = Set(section.shards.map(\.file))
        for name in names where name.hasSuffix(".safetensors") && !read.contains(name) {
            findings.append(Finding(ArchitectureFindingCode.shardNotIndexed,
                "\(name) is in the folder but not in \(index): loaders never read its tensors",
                location: FolderListing.join(report.path, name)))
        }
        return findings
    }
}
