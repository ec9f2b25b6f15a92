import ArchitectureCheck
import ModelArtifact
import Testing
import TestSupport

/// Shape-true sparse checkpoints of registered architectures, and the corruptions the tests apply.
struct CheckpointMaker {
    /// How each architecture is published: shard count, and the number of the first shard.
    static let publishedShards: [String: (count: Int, first: Int)] = [
        "llama3.1-8b": (4, 1), "llama-3.3-70b": (30, 1), "qwen-3-32b": (17, 1), "gpt-oss-20b": (3, 0), "gpt-oss-120b": (15, 0),
    ]

    let spec: ArchitectureSpec
    /// The tensors to write, in inventory order; tests edit them.
    var tensors: [SparseCheckpoint.Tensor]
    /// The config.json to write (nil: none); tests edit it.
    var config: JSONObject?
    var tokenizer = true
    /// Shard names the index leaves out.
    var unindexedShards: Set<String> = []

    init(_ id: String) throws {
        spec = try #require(ArchitectureRegistry.builtin.spec(id))
        // Layer by layer, as published indexes are: tensors outside the layers before or after them.
        let inventory = spec.inventory(.huggingFace).filter { !$0.optional }
        let firstLayerRule = inventory.first { $0.layer != nil }?.rule ?? 0
        let ordered = inventory.sorted { a, b in
            func key(_ t: ExpectedTensor) -> (Int, Int, Int) { (t.layer != nil ? 1 : t.rule < firstLayerRule ? 0 : 2, t.layer ?? 0, t.rule) }
            return key(a) < key(b)
        }
        tensors = ordered.map { tensor in
            SparseCheckpoint.Tensor(name: tensor.name, dtype: tensor.dtypes[0].name, shape: tensor.shape,
                                    byteLength: tensor.byteLength ?? 0)
        }
        config = spec.expectedConfig.objectValue
    }

    /// Writes the folder under `scratch` and returns its path.
    func write(in scratch: ScratchFolder, name: String = "checkpoint") throws -> String {
        let folder = scratch.path + "/" + name
        let shards = Self.publishedShards[spec.id] ?? (2, 1)
        let configText = config.map { JSONWriter.string(.object($0)) }
        let skipped = unindexedShards
        try SparseCheckpoint.writeFolder(folder, tensors, shards: shards.count, firstShard: shards.first,
                                         config: configText, tokenizer: tokenizer, indexed: { !skipped.contains($0) })
        return folder
    }

    /// Drops the tensors whose names satisfy `predicate`.
    mutating func remove(where predicate: (String) -> Bool) {
        tensors.removeAll { predicate($0.name) }
    }

    /// Edits the tensor named `name`.
    mutating func edit(_ name: String, _ change: (inout SparseCheckpoint.Tensor) -> Void) throws {
        let index = try #require(tensors.firstIndex { $0.name == name })
        change(&tensors[index])
    }

    /// Checks the folder written in `scratch` against the architecture `id` (default: its own).
    func check(in scratch: ScratchFolder, against id: String? = nil) throws -> CheckResult {
        let folder = try write(in: scratch)
        let target = try #require(ArchitectureRegistry.builtin.spec(id ?? spec.id))
        return try ArchitectureChecker().check(path: folder, .named(target))
    }
}

extension CheckResult {
    /// The findings as `CODE: message` lines, for exact comparisons.
    var lines: [String] { findings.map { "\($0.code): \($0.message)" } }
}
