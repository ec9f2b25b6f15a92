import ModelArtifact

/// Finds and judges every pickle in a ZIP archive that is not a `torch.save` one (pt2 archives,
/// plain ZIPs): entries that run as pickles, and the entries of ZIPs stored inside it (a pt2's
/// sample inputs are `torch.save` archives), one level down.
struct ArchiveScanner {
    /// Most nested archives opened.
    static let maxNested = 64
    /// Largest nested archive opened.
    static let maxNestedBytes = 256 << 20

    let limits: PickleLimits
    /// Pickles found.
    private(set) var pickles = 0
    private var nested = 0

    init(limits: PickleLimits) {
        self.limits = limits
    }

    /// Judges every pickle in `archive` into `builder`; `prefix` names the archive in locations.
    mutating func scan(_ archive: ZipArchive, prefix: String = "", depth: Int = 0, into builder: inout PTReportBuilder) throws {
        let entries = ArchiveEntries(archive: archive, limits: limits)
        for entry in archive.entries {
            if let (stream, source) = entries.sniff(entry) {
                pickles += 1
                let named = PickleSource(file: source.file, range: source.range, name: prefix + source.name)
                try builder.add(stream, source: named)
                if !ArchiveEntries.isPickleName(entry.name) {
                    builder.findings.append(.pt(.hiddenPickle, "entry '\(prefix + entry.name)' holds a pickle although its name does not say so",
                                                location: prefix + entry.name))
                }
                continue
            }
            guard depth == 0, nested < Self.maxNested, entry.uncompressedSize <= Self.maxNestedBytes, entry.uncompressedSize > 4,
                  let bytes = try? archive.contents(of: entry, maxSize: Self.maxNestedBytes),
                  bytes.starts(with: FormatSignatures.zipLocalHeader) else { continue }
            nested += 1
            let inner = MappedFile(bytes: bytes, name: archive.file.path + "!/" + entry.name)
            guard let innerArchive = try? ZipArchive(inner) else { continue }
            try scan(innerArchive, prefix: prefix + entry.name + "!/", depth: depth + 1, into: &builder)
        }
    }
}

/// A `torch.export` pt2 archive (torch/csrc/export/pt2_archive_constants.h): `archive_format`
/// (`pt2`), `archive_version`, `models/<name>.json`, weights and constants under `data/`, sample
/// inputs as `torch.save` archives. Its entries and models are listed; its pickles judged.
enum PT2Reader {
    static func read(_ file: MappedFile, limits: PickleLimits) throws -> ModelReport {
        let archive = try ZipArchive(file)
        let entries = ArchiveEntries(archive: archive, limits: limits)
        var builder = PTReportBuilder(file, format: .pt2, context: .weightsOnly)
        builder.findings += archive.findings
        let folder = try TorchArchiveReader.folder(archive)
        var section = JSONObject()
        section.append("archive", .string(folder))
        if let format = entries.text(folder + "/archive_format") { section.append("archive_format", .string(format)) }
        if let version = entries.text(folder + "/archive_version") { section.append("archive_version", .string(version)) }
        let modelsPrefix = folder + "/models/"
        let models = archive.entries.map(\.name).filter { $0.hasPrefix(modelsPrefix) && $0.hasSuffix(".json") }
            .map { String($0.dropFirst(modelsPrefix.count).dropLast(5)) }
        section.append("models", .array(models.map { .string($0) }))
        section.append("entries", .int(Int64(archive.entries.count)))
        let weights = archive.entries.filter { $0.name.hasPrefix(folder + "/data/weights/") }
        section.append("weight_entries", .int(Int64(weights.count)))
        section.append("weight_bytes", .int(Int64(weights.reduce(0) { $0 + $1.uncompressedSize })))
        var scanner = ArchiveScanner(limits: limits)
        try scanner.scan(archive, into: &builder)
        guard scanner.pickles > 0 else {
            var report = ModelReport(path: file.path, format: .pt2, size: file.size)
            report.sections.append("pt2", .object(section))
            report.findings = builder.findings
            return report
        }
        var report = builder.finish(tensors: nil)
        report.sections.append("pt2", .object(section))
        return report
    }
}
