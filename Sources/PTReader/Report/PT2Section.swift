import ModelArtifact

/// The report's `pt2` section: what a `torch.export` archive holds, from its entries' names and
/// its small text records.
public struct PT2Section: ReportSection, Equatable {
    public static let key = "pt2"

    /// The folder every entry is under.
    public var archive: String
    /// `archive_format` and `archive_version` as written, when present.
    public var archiveFormat: String?, archiveVersion: String?
    /// The names of `models/<name>.json`.
    public var models: [String]
    /// Entries in the archive.
    public var entries: Int
    /// Entries under `data/weights/`, and their bytes uncompressed.
    public var weightEntries: Int, weightBytes: Int

    public var json: JSONValue {
        var o = JSONObject()
        o.append("archive", .string(archive))
        if let archiveFormat { o.append("archive_format", .string(archiveFormat)) }
        if let archiveVersion { o.append("archive_version", .string(archiveVersion)) }
        o.append("models", .array(models.map { .string($0) }))
        o.append("entries", .int(Int64(entries)))
        o.append("weight_entries", .int(Int64(weightEntries)))
        o.append("weight_bytes", .int(Int64(weightBytes)))
        return .object(o)
    }

    public func mapStrings(_ transform: (String) -> String) -> PT2Section {
        var c = self
        c.archive = transform(archive)
        c.archiveFormat = archiveFormat.mapStrings(transform)
        c.archiveVersion = archiveVersion.mapStrings(transform)
        c.models = models.mapStrings(transform)
        return c
    }
}
