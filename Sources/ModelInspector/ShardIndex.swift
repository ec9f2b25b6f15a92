import ModelArtifact

/// `model.safetensors.index.json` (or `pytorch_model.bin.index.json`): which shard holds each
/// tensor, and the declared byte total.
struct ShardIndex {
    /// The safetensors index's name.
    static let safetensorsName = "model.safetensors.index.json"
    /// The PyTorch `.bin` index's name.
    static let torchName = "pytorch_model.bin.index.json"

    /// The index file's name, for messages.
    let fileName: String

    /// Tensor name → shard file name, in index order.
    let weightMap: [(tensor: String, shard: String)]
    /// `metadata.total_size`, when present.
    let totalSize: Int?

    /// Shard names in first-mention order.
    var shardNames: [String] {
        var seen = Set<String>()
        return weightMap.compactMap { seen.insert($0.shard).inserted ? $0.shard : nil }
    }

    init(_ file: MappedFile, name: String = ShardIndex.safetensorsName) throws {
        fileName = name
        let value = try JSONParser.parse(file.reader(), what: name)
        func fail(_ expected: String, _ found: String) -> ArtifactError {
            ArtifactError(file: file.path, offset: 0, rule: "index-invalid", expected: expected, found: found)
        }
        guard case .object(let root) = value else { throw fail("a JSON object", value.typeName) }
        guard let mapValue = root["weight_map"] else { throw fail("a weight_map", "none") }
        guard case .object(let map) = mapValue else { throw fail("weight_map as an object", mapValue.typeName) }
        weightMap = try map.entries.map { key, shard in
            guard case .string(let name) = shard else { throw fail("a shard file name for \(key)", shard.typeName) }
            return (key, name)
        }
        if case .object(let metadata)? = root["metadata"], let total = metadata["total_size"] {
            guard let bytes = total.intValue, bytes >= 0 else { throw fail("metadata.total_size as a byte count", total.typeName) }
            totalSize = Int(bytes)
        } else {
            totalSize = nil
        }
    }

    /// The tensors the index maps to `shard`.
    func tensors(in shard: String) -> [String] {
        weightMap.filter { $0.shard == shard }.map(\.tensor)
    }

    /// A shard name names a file by a relative path with `/` separators (never a backslash, a NUL,
    /// or the folder itself); whether it stays in the folder is `ContainedPath`'s to say.
    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "\\" || $0 == "\0" } && name != ".." && name != "."
    }

    /// Compares the index with where tensors really are (`holders`: tensor → shard).
    func compare(holders: [String: String], presentShards: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        var listed = Set<String>()
        for (tensor, shard) in weightMap {
            listed.insert(tensor)
            switch holders[tensor] {
            case let actual? where actual != shard:
                findings.append(Finding(InspectorFindingCode.tensorInOtherShard,
                                        "the index maps \(tensor) to \(shard), but \(actual) holds it",
                                        location: fileName))
            case nil where presentShards.contains(shard):
                findings.append(Finding(InspectorFindingCode.tensorNotInShard,
                                        "the index maps \(tensor) to \(shard), which does not hold it",
                                        location: fileName))
            default:
                break
            }
        }
        for (tensor, shard) in holders.sorted(by: { $0.key < $1.key }) where !listed.contains(tensor) {
            findings.append(Finding(InspectorFindingCode.tensorNotIndexed,
                                    "\(shard) holds \(tensor), which the index does not list", location: shard))
        }
        return findings
    }
}
