import ModelArtifact
import ZipContainer

/// A `torch.save` ZIP archive or a TorchScript archive (PyTorch `serialization.py` `_load`,
/// `caffe2/serialize/inline_container.cc`): every entry under one folder named by the first entry,
/// `data.pkl` (and TorchScript's `constants.pkl`) whose persistent ids name the stored entries
/// `data/<key>` (`constants/<key>`) holding each storage's bytes. The pickles are the gate's
/// (`ZipGate`), judged as torch reaches them; this reader adds the tensors and the records.
enum TorchArchiveReader {
    static func read(_ file: MappedFile, format: ModelFormat, builder: inout PTReportBuilder,
                     placements: TensorPlacements? = nil) throws -> ModelReport {
        let archive = try ZipArchive(file)
        let entries = ArchiveEntries(archive: archive)
        let torchScript = format == .torchscript
        builder.findings += archive.findings
        let folder = try Self.folder(archive)
        // The pickles torch.load (or torch.jit.load) reads, each with the folder of its storages.
        var primary: [(name: String, storages: String)] = [("data.pkl", "data")]
        if torchScript, archive.entry(named: folder + "/constants.pkl") != nil { primary.append(("constants.pkl", "constants")) }
        guard archive.entry(named: folder + "/data.pkl") != nil else {
            throw file.reader().error("pt-no-data-pkl", expected: "an entry \(folder)/data.pkl", found: "none", at: 0)
        }
        var streams: [(stream: PickleStream, storages: String, source: PickleSource, recognizer: TorchTensorRecognizer,
                       byKey: [Substring: ZipEntry])] = []
        for (name, storages) in primary {
            guard let entry = archive.entry(named: folder + "/" + name) else { continue }
            let source = try entries.source(entry)
            let stream = try builder.stream(source, key: try archive.dataRange(of: entry))
            streams.append((stream, storages, source, TorchTensorRecognizer(graph: stream.machine.graph),
                            Self.entries(archive, under: "\(folder)/\(storages)/")))
        }
        for (stream, _, source, recognizer, _) in streams {
            let foreign = stream.machine.graph.persistent.indices.filter { recognizer.storage(.persistent($0)) == nil }
            if let first = foreign.first {
                builder.findings.append(Finding(PTFindingCode.foreignPersistentID,
                                            "\(foreign.count) persistent id(s) that are not ('storage', type, key, location, size) tuples",
                                            location: source.location(stream.machine.graph.persistent[first].offset)))
            }
        }
        var tensors: [TensorInfo]?
        if builder.mayListTensors {
            var all: [TensorInfo] = []
            var views: [PyTorchSection.TensorView] = []
            var used = Set<String>()
            for (stream, storages, _, recognizer, byKey) in streams {
                guard let root = stream.root else { continue }
                let found = try builder.tensors(in: stream, root: root, prefix: storages == "constants" ? PTReader.torchScriptConstants : "",
                                                recognizer: recognizer)
                let layout = TensorLayout(found) { ref in
                    guard let entry = byKey[Substring(ref.key)] else { return nil }
                    return StorageBytes(offset: entry.method == .stored && !entry.isEncrypted ? entry.dataOffset : nil,
                                        length: entry.uncompressedSize, place: entry.name)
                }
                all += layout.tensors
                placements?.all += layout.placements
                builder.findings += layout.findings
                if storages == "data" { used = layout.usedKeys }
                views += layout.views
            }
            builder.section.views = views
            tensors = all
            let storageEntries = streams.first?.byKey ?? [:]
            let unused = used.count == storageEntries.count ? []
                : storageEntries.filter { !used.contains(String($0.key)) }.map(\.value).sorted { $0.index < $1.index }
            if let first = unused.first {
                builder.findings.append(Finding(PTFindingCode.unusedStorage,
                                                "\(unused.count) storage entries no tensor uses, such as \(first.name)",
                                            location: first.name))
            }
        }
        describe(entries, folder: folder, torchScript: torchScript, into: &builder)
        return builder.finish(tensors: tensors)
    }

    /// The first entry of each name under `prefix`, by the rest of its name (a storage key).
    static func entries(_ archive: ZipArchive, under prefix: String) -> [Substring: ZipEntry] {
        var byKey: [Substring: ZipEntry] = [:]
        byKey.reserveCapacity(archive.entries.count)
        for entry in archive.entries where entry.name.hasPrefix(prefix) {
            let key = entry.name.dropFirst(prefix.count)
            if byKey[key] == nil { byKey[key] = entry }
        }
        return byKey
    }

    /// The folder every entry is under: the first entry's first path component.
    static func folder(_ archive: ZipArchive) throws -> String {
        guard let first = archive.entries.first, let slash = first.name.firstIndex(of: "/"),
              slash != first.name.startIndex else {
            throw archive.file.reader().error("pt-no-archive-folder", expected: "a first entry inside a folder (archive/data.pkl)",
                                              found: archive.entries.first.map { "'\($0.name)'" } ?? "no entries", at: 0)
        }
        return String(first.name[..<slash])
    }

    /// The archive's records in the `pytorch` section, and TorchScript's warning.
    static func describe(_ entries: ArchiveEntries, folder: String, torchScript: Bool, into builder: inout PTReportBuilder) {
        let names = entries.archive.entries.map(\.name)
        let byteorder = entries.text(folder + "/byteorder")
        var records = PyTorchSection.ArchiveRecords(
            folder: folder, version: entries.text(folder + "/.data/version") ?? entries.text(folder + "/version"),
            byteorder: byteorder, formatVersion: entries.text(folder + "/.format_version"),
            storageAlignment: entries.text(folder + "/.storage_alignment"),
            serializationID: entries.text(folder + "/.data/serialization_id"),
            storages: names.filter { $0.hasPrefix(folder + "/data/") }.count)
        if torchScript {
            let code = names.filter { $0.hasPrefix(folder + "/code/") && $0.hasSuffix(".py") }
            records.torchScript = PyTorchSection.TorchScriptRecords(
                codeFiles: code.count, classes: builder.judge.globals.filter { $0.hasPrefix("__torch__.") })
            builder.findings.append(Finding(PTFindingCode.torchScriptCode,
                                        "a TorchScript archive: torch.jit.load compiles and runs the TorchScript code in \(folder)/code/ (\(code.count) files); the classes it defines are listed in pickle.globals",
                                        location: folder + "/code/"))
        }
        if byteorder == "big" {
            builder.findings.append(Finding(PTFindingCode.bigEndian,
                                            "the storages are big-endian (byteorder 'big')", location: folder + "/byteorder"))
        }
        builder.section.container = .zip(records)
    }
}
