import ModelArtifact

/// The layout of a legacy `torch.save` file (`serialization.py` `_legacy_save`/`_legacy_load`):
/// five pickles back to back — the magic number, the protocol version 1001, sys_info, the object,
/// the storage keys — then, for each key in that order, an int64 element count and the storage's
/// raw bytes.
enum LegacyLayout {
    /// The storages found after the five pickles, and where the last one ends.
    struct Storages {
        var located: [String: StorageBytes] = [:]
        var keys: [String] = []
        var end: Int
    }

    /// True when `run` is PyTorch's legacy magic number 0x1950a86a20f9469cfc6c.
    static func isMagic(_ run: PickleRun, in file: MappedFile) -> Bool {
        guard case .bigInt(bytes: 10)? = run.root else { return false }
        let bytes = file.bytes
        let start = run.range.lowerBound
        let at = start + (bytes[start] == PickleOpcode.proto.rawValue ? 2 : 0)
        return bytes.has([UInt8(0x8a), 0x0a] + FormatSignatures.torchLegacyMagic, at: at)
    }

    /// Checks the five runs of `stream` as `_legacy_load` does and locates the storages its keys name.
    static func locate(_ stream: PickleStream, file: MappedFile) throws -> Storages {
        let runs = stream.runs
        let whole = file.reader()
        let graph = stream.machine.graph
        guard runs.count == 5, isMagic(runs[0], in: file) else {
            throw whole.error("pt-legacy-bad-magic", expected: "the magic number 0x1950a86a20f9469cfc6c first",
                              found: "another object", at: runs.first?.range.lowerBound ?? 0)
        }
        guard graph.integer(runs[1].root ?? .none) == Int64(FormatSignatures.torchLegacyProtocol) else {
            throw whole.error("pt-legacy-bad-protocol", expected: "protocol version \(FormatSignatures.torchLegacyProtocol)",
                              found: "another object", at: runs[1].range.lowerBound)
        }
        // Storage types and sizes come from the object's persistent ids.
        let recognizer = TorchTensorRecognizer(graph: graph)
        var declared: [String: TorchStorageRef] = [:]
        for index in graph.persistent.indices {
            if let ref = recognizer.storage(.persistent(index)), declared[ref.key] == nil { declared[ref.key] = ref }
        }
        let keys = (graph.elements(runs[4].root ?? .none) ?? []).compactMap { recognizer.key($0) }
        var storages = Storages(keys: keys, end: runs[4].range.upperBound)
        var reader = whole
        try reader.seek(to: runs[4].range.upperBound)
        for key in keys {
            guard let ref = declared[key] else {
                throw reader.error("pt-legacy-unknown-storage", expected: "storage key '\(key)' among the object's persistent ids",
                                   found: "a key no tensor declares")
            }
            let countAt = reader.offset
            let count = try reader.i64()
            guard count == ref.count, let bytes = ref.byteCount else {
                throw reader.error("pt-legacy-storage-size", expected: "\(ref.count) elements for storage '\(key)'",
                                   found: "\(count)", at: countAt)
            }
            let start = reader.offset
            try reader.skip(bytes, what: "storage '\(key)'")
            storages.located[key] = StorageBytes(offset: start, length: bytes, place: Finding.location(file.path, start))
        }
        storages.end = reader.offset
        return storages
    }
}
