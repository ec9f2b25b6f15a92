import ModelArtifact
import ZipContainer

/// A `torch.export` pt2 archive (torch/csrc/export/pt2_archive_constants.h): `archive_format`
/// (`pt2`), `archive_version`, `models/<name>.json`, weights and constants under `data/`, sample
/// inputs as `torch.save` archives. Its entries and models are listed; its pickles, those of the
/// archives inside it included, are the gate's (`ZipGate`).
enum PT2Reader {
    static func read(_ file: MappedFile, builder: inout PTReportBuilder) throws -> ModelReport {
        let archive = try ZipArchive(file)
        let entries = ArchiveEntries(archive: archive)
        builder.findings += archive.findings
        let folder = try TorchArchiveReader.folder(archive)
        let modelsPrefix = folder + "/models/"
        let models = archive.entries.map(\.name).filter { $0.hasPrefix(modelsPrefix) && $0.hasSuffix(".json") }
            .map { String($0.dropFirst(modelsPrefix.count).dropLast(5)) }
        let weights = archive.entries.filter { $0.name.hasPrefix(folder + "/data/weights/") }
        var report = builder.finish(tensors: nil)
        report.set(PT2Section(archive: folder, archiveFormat: entries.text(folder + "/archive_format"),
                              archiveVersion: entries.text(folder + "/archive_version"), models: models,
                              entries: archive.entries.count, weightEntries: weights.count,
                              weightBytes: weights.reduce(0) { $0 + $1.uncompressedSize }))
        return report
    }
}
