import FormatProbe
import ModelArtifact
import PTReader
import SafetensorsReader

/// Reads a Hugging Face checkpoint folder: every safetensors shard, the shard index checked against
/// the shards both ways, and `config.json` summarised as metadata.
///
/// Its findings are `InspectorFindingCode`'s `CKPT` codes.
///
/// Every file is resolved by `ContainedPath` before it is opened: links are followed only while
/// they stay in the folder or lead into the cache repository's `blobs/` (how every cached snapshot
/// links its files); nothing outside is opened, not even to look.
///
/// Without safetensors weights, `pytorch_model*.bin` shards (and `pytorch_model.bin.index.json`)
/// are read the same way by the PyTorch reader; their pickles are judged, and the folder's
/// `verdict` and `pickle.globals` cover every shard.
public enum CheckpointFolderReader {
    /// Reads the checkpoint folder at `folder`.
    public static func read(folder: String) throws -> ModelReport {
        try read(LocalFolder(folder))
    }

    /// Reads a checkpoint folder, local or remote. The shards' first pages are asked for together
    /// (`ArtifactFolder.prefetch`) before they are read in order.
    public static func read(_ root: some ArtifactFolder) throws -> ModelReport {
        let folder = root.path
        let names = try root.names()
        let safetensors = names.filter { $0.hasSuffix(".safetensors") }
        let torchBins = names.filter { $0.hasPrefix("pytorch_model") && $0.hasSuffix(".bin") }
        // PyTorch .bin shards are read when there are no safetensors weights to read instead.
        let torch = !names.contains(ShardIndex.safetensorsName) && safetensors.isEmpty
            && (names.contains(ShardIndex.torchName) || !torchBins.isEmpty)
        let indexName = torch ? ShardIndex.torchName : ShardIndex.safetensorsName
        // Everything read next, asked for at once (a remote folder: one round trip for all of it).
        root.prefetch(["config.json", indexName].filter(names.contains) + (torch ? torchBins : safetensors))
        var report = ModelReport(path: folder, format: .hfCheckpoint, size: 0)
        var findings: [Finding] = []
        var section = CheckpointSection()
        var totalSize = 0

        if names.contains("config.json") {
            if let config = try open("config.json", in: root, findings: &findings) {
                totalSize += config.size
                let value = try JSONParser.parse(config.reader(), what: "config.json",
                                                 options: .init(rejectDuplicateKeys: false))
                guard case .object(let object) = value else {
                    throw ArtifactError(file: config.path, offset: 0, rule: "config-not-object",
                                        expected: "a JSON object", found: value.typeName)
                }
                report.metadata = ConfigSummary.flatten(object)
                section.config = "config.json"
            }
        } else {
            findings.append(Finding(InspectorFindingCode.noConfig, "no config.json: the architecture cannot be checked", location: folder))
        }

        var index: ShardIndex?
        if names.contains(indexName), let file = try open(indexName, in: root, findings: &findings) {
            totalSize += file.size
            index = try ShardIndex(file, name: indexName)
            section.index = indexName
        }

        let shardNames: [String]
        if let index {
            shardNames = index.shardNames.sorted()
        } else {
            shardNames = torch ? torchBins.sorted() : safetensors
            if shardNames.count > 1 && !names.contains(indexName) {
                findings.append(Finding(InspectorFindingCode.noIndex,
                                        "\(shardNames.count) weight files and no \(indexName) to say which belong together",
                                        location: folder))
            }
        }
        var pickles = TorchShards()

        var tensors: [TensorInfo] = []
        var holder: [String: String] = [:]
        var present = Set<String>()
        var bytesTotal = 0
        for shard in shardNames {
            let resolution = ShardIndex.isSafeName(shard) ? root.resolve(shard) : .outsideByName(path: shard)
            if case .outsideByName = resolution {
                findings.append(Finding(InspectorFindingCode.shardPathLeaves,
                                        "the index names shard \"\(shard)\", a path that leaves the folder",
                                        location: indexName))
                continue
            }
            if case .missing(_, let reason) = resolution {
                let count = index?.tensors(in: shard).count ?? 0
                let why = names.contains(shard) ? ": \(reason)" : ""
                findings.append(Finding(InspectorFindingCode.shardMissing,
                                        "shard \(shard) is missing\(why) (the index maps \(count) tensors to it)",
                                        location: indexName))
                continue
            }
            guard let file = try open(shard, resolution, findings: &findings) else { continue }
            present.insert(shard)
            totalSize += file.size
            let shardTensors: [TensorInfo]
            if torch {
                guard let read = try pickles.read(file, shard: shard) else {
                    findings.append(Finding(InspectorFindingCode.shardNotTorch,
                                            "\(shard) is neither a torch.save archive nor a legacy torch file; not read",
                                            location: shard))
                    continue
                }
                shardTensors = read
            } else {
                shardTensors = SafetensorsReader.report(of: try SafetensorsFile(file)).tensors ?? []
            }
            section.shards.append(CheckpointSection.Shard(file: shard, size: file.size, tensorCount: shardTensors.count))
            for var tensor in shardTensors {
                tensor.file = shard
                if let other = holder[tensor.name] {
                    findings.append(Finding(InspectorFindingCode.tensorInTwoShards,
                                            "tensor \(tensor.name) is in both \(other) and \(shard)", location: shard))
                    continue
                }
                holder[tensor.name] = shard
                bytesTotal += tensor.length ?? 0
                tensors.append(tensor)
            }
        }
        if let index {
            findings += index.compare(holders: holder, presentShards: present)
            if let declared = index.totalSize, declared != bytesTotal {
                findings.append(Finding(InspectorFindingCode.totalSizeMismatch,
                                        "metadata.total_size is \(declared) but the tensors hold \(bytesTotal) bytes",
                                        location: index.fileName))
            }
        }
        // Every other file a pickle loader opens (training_args.bin, optimizer.pt, *.pkl…) is judged
        // by its content as that loader reads it: the folder's verdict is its worst file's.
        for entry in try root.walk(skipHidden: false, skipping: [".git"])
        where !shardNames.contains(entry.relative) && ModelInspector.namedForPickleLoader(entry.relative) {
            guard let file = try? open(entry.relative, entry.entry, findings: &findings) else { continue }
            pickles.add(ModelInspector.judge(file), as: entry.relative)
        }
        pickles.finish(&report, findings: &findings)
        report.tensors = tensors
        report.size = totalSize
        report.set(section)
        report.findings = findings
        return report
    }

    /// Maps `name` when it resolves to a regular file inside the folder (or the cache repository's
    /// `blobs/`); nil, with a `CKPT011` finding, when a symbolic link leads out of it.
    static func open(_ name: String, in root: some ArtifactFolder, findings: inout [Finding]) throws -> MappedFile? {
        try open(name, root.resolve(name), findings: &findings)
    }

    /// Maps the file `resolution` names, or gives the finding that says why not; throws for what is
    /// no regular file at all (a folder, a FIFO, nothing).
    static func open(_ name: String, _ resolution: FolderEntry, findings: inout [Finding]) throws -> MappedFile? {
        switch resolution {
        case .file(let file):
            return try file.map()
        case .outsideByLink(_, let link, let target):
            let how = link.map { "a symbolic link to \($0)" } ?? "reached through a linked folder"
            findings.append(Finding(InspectorFindingCode.linkLeaves,
                                    "\(name) is \(how) that leads out of the checkpoint folder, to \(target); not read",
                                    location: name))
            return nil
        case .outsideByName(let path):
            findings.append(Finding(InspectorFindingCode.shardPathLeaves,
                                    "\(path) is a path that leaves the folder; not read", location: name))
            return nil
        case .missing(let path, let reason):
            throw ArtifactError(file: path, offset: nil, rule: "unreadable", expected: "a readable file", found: reason)
        case .folder(let path):
            throw ArtifactError(file: path, offset: nil, rule: "not-a-regular-file", expected: "a regular file", found: "a directory")
        case .special(let path, let kind):
            throw ArtifactError(file: path, offset: nil, rule: "not-a-regular-file", expected: "a regular file", found: kind)
        }
    }
}
