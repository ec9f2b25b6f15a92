import ModelArtifact

/// A legacy `torch.save` file (PyTorch before 1.6, or `_use_new_zipfile_serialization=False`;
/// `serialization.py` `_legacy_save`/`_legacy_load`): five pickles back to back — the magic number,
/// the protocol version 1001, sys_info, the object, the storage keys — then, for each key in that
/// order, an int64 element count and the storage's raw bytes.
enum LegacyReader {
    static func read(_ file: MappedFile, limits: PickleLimits, placements: TensorPlacements? = nil) throws -> ModelReport {
        var builder = PTReportBuilder(file, format: .ptLegacy, context: .weightsOnly)
        let whole = file.reader()
        let source = PickleSource(file: file, range: 0..<file.size, name: file.path)
        var machine = PickleMachine(file: file, limits: limits)
        var reader = whole
        var runs: [PickleRun] = []
        for _ in 0..<5 {
            let run = machine.run(&reader)
            runs.append(run)
            if run.error != nil {
                // Judged as a whole; throws unless a global outside the allow-list came first.
                try builder.add(PickleStream(empty: machine, runs: [run]), source: source)
                return builder.finish(tensors: nil)
            }
        }
        let stream = PickleStream(empty: machine, runs: runs)
        try builder.add(stream, source: source)
        let graph = machine.graph
        try check(runs, graph: graph, whole: whole)
        // sys_info's little_endian tells the saving machine's byte order only: torch writes legacy
        // storages little-endian on every machine (THPStorage_writeFileRaw swaps on big-endian
        // ones) and reads them back the same way, so the storages here are never big-endian.
        var section = JSONObject()
        section.append("container", .string("legacy"))
        section.append("protocol_version", .int(Int64(FormatSignatures.torchLegacyProtocol)))
        guard builder.isSafe, let root = runs[3].root else {
            builder.section = section
            return builder.finish(tensors: nil)
        }
        // Storage types and sizes come from the object's persistent ids.
        let recognizer = TorchTensorRecognizer(graph: graph)
        var declared: [String: TorchStorageRef] = [:]
        for index in graph.persistent.indices {
            if let ref = recognizer.storage(.persistent(index)), declared[ref.key] == nil { declared[ref.key] = ref }
        }
        let keys = (graph.elements(runs[4].root ?? .none) ?? []).compactMap { recognizer.key($0) }
        var located: [String: StorageBytes] = [:]
        reader = whole
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
            located[key] = StorageBytes(offset: start, length: bytes, place: Finding.location(file.path, start))
        }
        if !reader.isAtEnd {
            builder.findings.append(.pt(.trailingBytes, "\(reader.remaining) bytes follow the last storage",
                                        location: source.location(reader.offset)))
        }
        let found = try builder.tensors(in: stream, root: root)
        let layout = TensorLayout(found) { located[$0.key] }
        placements?.all += layout.placements
        builder.findings += layout.findings
        if !layout.views.isEmpty { section.append("views", .array(layout.views)) }
        section.append("storages", .int(Int64(keys.count)))
        builder.section = section
        return builder.finish(tensors: layout.tensors)
    }

    /// The magic number and protocol version pickles must be what `_legacy_load` checks.
    private static func check(_ runs: [PickleRun], graph: PickleGraph, whole: ByteReader) throws {
        let magicRange = runs[0].range
        let bytes = whole.file.bytes
        let magic = [UInt8(0x8a), 0x0a] + FormatSignatures.torchLegacyMagic
        let at = magicRange.lowerBound + (bytes[magicRange.lowerBound] == PickleOpcode.proto.rawValue ? 2 : 0)
        guard case .bigInt(bytes: 10)? = runs[0].root, bytes.has(magic, at: at) else {
            throw whole.error("pt-legacy-bad-magic", expected: "the magic number 0x1950a86a20f9469cfc6c first",
                              found: "another object", at: magicRange.lowerBound)
        }
        guard graph.integer(runs[1].root ?? .none) == Int64(FormatSignatures.torchLegacyProtocol) else {
            throw whole.error("pt-legacy-bad-protocol", expected: "protocol version \(FormatSignatures.torchLegacyProtocol)",
                              found: "another object", at: runs[1].range.lowerBound)
        }
    }
}
