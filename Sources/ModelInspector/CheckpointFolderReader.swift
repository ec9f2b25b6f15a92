import ModelArtifact
import SafetensorsReader

/// Reads a Hugging Face checkpoint folder: every safetensors shard, the shard index checked against
/// the shards both ways, and `config.json` summarised as metadata.
///
/// Finding codes (stable):
/// | code | severity | meaning |
/// | --- | --- | --- |
/// | CKPT001 | error | the index names a shard file that is not in the folder |
/// | CKPT002 | error | the index maps a tensor to a shard that does not hold it |
/// | CKPT003 | error | a shard holds a tensor the index does not list |
/// | CKPT004 | error | the index maps a tensor to one shard, but another shard holds it |
/// | CKPT005 | error | the same tensor name is in more than one shard |
/// | CKPT006 | warning | the index's `metadata.total_size` is not the tensors' byte total |
/// | CKPT007 | error | the index names a shard by a path that leaves the folder |
/// | CKPT008 | warning | several safetensors files and no index to say which belong together |
/// | CKPT009 | warning | no `config.json` |
/// | CKPT010 | info | PyTorch `.bin` shards are present but not read by this version |
public enum CheckpointFolderReader {
    /// Reads the checkpoint folder at `folder`.
    public static func read(folder: String) throws -> ModelReport {
        let names = try listFolder(folder)
        var report = ModelReport(path: folder, format: .hfCheckpoint, size: 0)
        var findings: [Finding] = []
        var section = JSONObject()
        var totalSize = 0

        if names.contains("config.json") {
            let config = try MappedFile(path: join(folder, "config.json"))
            totalSize += config.size
            let value = try JSONParser.parse(config.reader(), what: "config.json",
                                             options: .init(rejectDuplicateKeys: false))
            guard case .object(let object) = value else {
                throw ArtifactError(file: config.path, offset: 0, rule: "config-not-object",
                                    expected: "a JSON object", found: value.typeName)
            }
            report.metadata = ConfigSummary.flatten(object)
            section.append("config", .string("config.json"))
        } else {
            findings.append(Finding(.warning, "CKPT009", "no config.json: the architecture cannot be checked", location: folder))
        }

        var index: ShardIndex?
        if names.contains(ShardIndex.fileName) {
            let file = try MappedFile(path: join(folder, ShardIndex.fileName))
            totalSize += file.size
            index = try ShardIndex(file)
            section.append("index", .string(ShardIndex.fileName))
        }

        let shardNames: [String]
        if let index {
            shardNames = index.shardNames.sorted()
        } else {
            shardNames = names.filter { $0.hasSuffix(".safetensors") }
            if shardNames.count > 1 {
                findings.append(Finding(.warning, "CKPT008",
                                        "\(shardNames.count) safetensors files and no \(ShardIndex.fileName) to say which belong together",
                                        location: folder))
            }
        }
        let torchBins = names.filter { $0.hasPrefix("pytorch_model") && $0.hasSuffix(".bin") }
        if shardNames.isEmpty && !torchBins.isEmpty {
            findings.append(Finding(.info, "CKPT010",
                                    "\(torchBins.count) PyTorch .bin shard\(torchBins.count == 1 ? "" : "s") present; their tensors are not read by this version",
                                    location: folder))
        }

        var tensors: [TensorInfo] = []
        var holder: [String: String] = [:]
        var shardsJSON: [JSONValue] = []
        var bytesTotal = 0
        for shard in shardNames {
            guard ShardIndex.isSafeName(shard) else {
                findings.append(Finding(.error, "CKPT007", "the index names shard \"\(shard)\", a path that leaves the folder",
                                        location: ShardIndex.fileName))
                continue
            }
            guard names.contains(shard) else {
                let count = index?.tensors(in: shard).count ?? 0
                findings.append(Finding(.error, "CKPT001", "shard \(shard) is missing (the index maps \(count) tensors to it)",
                                        location: ShardIndex.fileName))
                continue
            }
            let file = try MappedFile(path: join(folder, shard))
            let parsed = try SafetensorsFile(file)
            totalSize += file.size
            var shardJSON = JSONObject()
            shardJSON.append("file", .string(shard))
            shardJSON.append("size", .int(Int64(file.size)))
            shardJSON.append("tensor_count", .int(Int64(parsed.entries.count)))
            shardsJSON.append(.object(shardJSON))
            for var tensor in SafetensorsReader.report(of: parsed).tensors ?? [] {
                tensor.file = shard
                if let other = holder[tensor.name] {
                    findings.append(Finding(.error, "CKPT005", "tensor \(tensor.name) is in both \(other) and \(shard)", location: shard))
                    continue
                }
                holder[tensor.name] = shard
                bytesTotal += tensor.length ?? 0
                tensors.append(tensor)
            }
        }
        if let index {
            findings += index.compare(holders: holder, presentShards: Set(names))
            if let declared = index.totalSize, declared != bytesTotal {
                findings.append(Finding(.warning, "CKPT006",
                                        "metadata.total_size is \(declared) but the tensors hold \(bytesTotal) bytes",
                                        location: ShardIndex.fileName))
            }
        }
        section.append("shards", .array(shardsJSON))
        report.tensors = tensors
        report.size = totalSize
        report.sections.append("checkpoint", .object(section))
        report.findings = findings
        return report
    }

    static func listFolder(_ folder: String) throws -> [String] {
        try FolderListing.names(folder)
    }

    static func join(_ folder: String, _ name: String) -> String {
        FolderListing.join(folder, name)
    }
}
