import ModelArtifact

/// A legacy `torch.save` file (PyTorch before 1.6, or `_use_new_zipfile_serialization=False`): its
/// five pickles, judged by the gate (`StreamGate`), and the storages its keys name (`LegacyLayout`).
enum LegacyReader {
    static func read(_ file: MappedFile, gate: StreamGate.Outcome, builder: inout PTReportBuilder,
                     placements: TensorPlacements? = nil) throws -> ModelReport {
        guard gate.isLegacy, let stream = gate.stream else {
            throw file.reader().error("pt-legacy-bad-magic", expected: "the magic number 0x1950a86a20f9469cfc6c first",
                                      found: "another object", at: 0)
        }
        if let failure = stream.failure, builder.isSafe { throw failure }
        // sys_info's little_endian tells the saving machine's byte order only: torch writes legacy
        // storages little-endian on every machine (THPStorage_writeFileRaw swaps on big-endian
        // ones) and reads them back the same way, so the storages here are never big-endian.
        guard builder.isSafe, let root = stream.runs[3].root else {
            builder.section.container = .legacy(storages: nil)
            return builder.finish(tensors: nil)
        }
        let storages = try LegacyLayout.locate(stream, file: file)
        let found = try builder.tensors(in: stream, root: root)
        let layout = TensorLayout(found) { storages.located[$0.key] }
        placements?.all += layout.placements
        builder.findings += layout.findings
        builder.section.views = layout.views
        builder.section.container = .legacy(storages: storages.keys.count)
        return builder.finish(tensors: layout.tensors)
    }
}
