import ModelArtifact
import SafetensorsReader
import SystemSeam

/// safetensors resharding: the tensors of a file or checkpoint folder regrouped into shards of at
/// most a given size, named as Hugging Face names them (`model-00001-of-00003.safetensors`, or
/// `model.safetensors` when one is enough), with `model.safetensors.index.json`.
public enum Resharding {
    /// What a resharding wrote.
    public struct Result: Sendable {
        /// Each shard written, in order.
        public var shards: [ConversionResult]
        /// The index written (nil for a single shard).
        public var index: ConversionResult?
        /// Sum of the tensors' byte sizes (`metadata.total_size`).
        public var totalSize: Int
    }

    /// The `.safetensors` files of `input`: the file itself, or a folder's, sorted by name.
    public static func inputs(_ input: String) throws -> [String] {
        let status = FileStatus(path: input)
        guard status.kind != .missing else {
            throw ArtifactError(file: input, offset: nil, rule: "convert-cannot-read", expected: "a file or folder",
                                found: status.errorText)
        }
        guard status.kind == .folder else { return [input] }
        let names = try FolderListing.names(input).filter { $0.hasSuffix(".safetensors") && !$0.hasPrefix(".") }
        guard !names.isEmpty else {
            throw ArtifactError(file: input, offset: nil, rule: "convert-no-safetensors", expected: "*.safetensors files", found: "none")
        }
        return names.map { input + "/" + $0 }
    }

    /// Splits the tensors greedily in order into groups of at most `maxShardSize` bytes (a larger tensor alone).
    public static func plan(_ tensors: [StridedTensor], maxShardSize: Int) -> [[StridedTensor]] {
        var shards: [[StridedTensor]] = []
        var current: [StridedTensor] = []
        var size = 0
        for t in tensors {
            if !current.isEmpty, size + t.byteCount > maxShardSize {
                shards.append(current)
                current = []
                size = 0
            }
            current.append(t)
            size += t.byteCount
        }
        if !current.isEmpty || shards.isEmpty { shards.append(current) }
        return shards
    }

    /// The Hugging Face name of shard `index` (0-based) of `count`.
    public static func shardName(_ index: Int, of count: Int) -> String {
        guard count > 1 else { return "model.safetensors" }
        func five(_ n: Int) -> String { String(repeating: "0", count: max(0, 5 - String(n).count)) + String(n) }
        return "model-\(five(index + 1))-of-\(five(count)).safetensors"
    }

    /// Reshards `input` (a file or folder) into `outputFolder`, shards of at most `maxShardSize` bytes.
    public static func reshard(_ input: String, maxShardSize: Int, into outputFolder: String,
                               options: WriteOptions = WriteOptions()) throws -> Result {
        guard maxShardSize > 0 else {
            throw ArtifactError(file: input, offset: nil, rule: "convert-bad-shard-size", expected: "a positive size", found: "\(maxShardSize)")
        }
        let paths = try inputs(input)
        var tensors: [StridedTensor] = []
        var names = Set<String>()
        var metadata: [(String, String)] = []
        for path in paths {
            let parsed = try SafetensorsFile(MappedFile(path: path))
            if metadata.isEmpty { metadata = parsed.metadata.map { ($0.key, $0.value) } }
            for entry in parsed.entries.sorted(by: { $0.dataOffsets.lowerBound < $1.dataOffsets.lowerBound }) {
                guard names.insert(entry.name).inserted else {
                    throw ArtifactError(file: path, offset: nil, rule: "convert-duplicate-name",
                                        expected: "each tensor in one shard only", found: "'\(entry.name)' again")
                }
                tensors.append(StridedTensor(name: entry.name, dtype: entry.dtype, shape: entry.shape, file: parsed.file,
                                             base: parsed.dataStart + entry.dataOffsets.lowerBound, strides: nil,
                                             elementSize: max(1, (entry.dtype.bitWidth ?? 8) / 8)))
            }
        }
        if !metadata.contains(where: { $0.0 == "format" }) { metadata.insert(("format", "pt"), at: 0) }
        if mkdir(outputFolder, 0o755) != 0, errno != EEXIST {
            throw ArtifactError(file: outputFolder, offset: nil, rule: "convert-cannot-create", expected: "an output folder",
                                found: String(cString: strerror(errno)))
        }
        let groups = plan(tensors, maxShardSize: maxShardSize)
        var results: [ConversionResult] = []
        var weightMap: [(String, String)] = []
        for (k, group) in groups.enumerated() {
            let name = shardName(k, of: groups.count)
            let path = outputFolder + "/" + name
            let result = try SafetensorsWriter.write(group, metadata: metadata, to: path, inputs: paths, options: options)
            results.append(result)
            weightMap += group.map { ($0.name, name) }
        }
        let total = tensors.reduce(0) { $0 + $1.byteCount }
        guard groups.count > 1 else { return Result(shards: results, index: nil, totalSize: total) }
        var map = JSONObject()
        for (tensor, shard) in weightMap.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }) {
            map.append(tensor, .string(shard))
        }
        let index: JSONValue = .object(["metadata": .object(["total_size": .int(Int64(total))]), "weight_map": .object(map)])
        let out = try AtomicOutput(path: outputFolder + "/model.safetensors.index.json", inputs: paths, options: options)
        try out.write(JSONWriter.bytes(index) + [0x0a])
        let size = out.written
        let indexResult = ConversionResult(path: out.path, size: size, sha256: try out.commit(), tensorCount: weightMap.count)
        return Result(shards: results, index: indexResult, totalSize: total)
    }
}
