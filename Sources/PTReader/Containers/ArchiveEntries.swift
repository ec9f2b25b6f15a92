import ModelArtifact
import ZipContainer

/// Reading pickles and small records out of a ZIP archive (torch.save, TorchScript, pt2).
struct ArchiveEntries {
    let archive: ZipArchive

    /// The bytes of `entry` as a pickle source: in place when stored, inflated (capped) when not.
    func source(_ entry: ZipEntry, maxSize: Int = LoaderGate.maxPickleBytes) throws -> PickleSource {
        if entry.method == .stored, !entry.isEncrypted {
            let reader = try archive.reader(for: entry)
            return PickleSource(file: archive.file, range: reader.range, name: entry.name)
        }
        let bytes = try archive.contents(of: entry, maxSize: maxSize)
        let copy = MappedFile(bytes: bytes, name: archive.file.path + "!/" + entry.name)
        return PickleSource(file: copy, range: 0..<copy.size, name: entry.name)
    }

    /// The text of a small record (`version`, `byteorder`), trimmed; nil when absent or unreadable.
    func text(_ name: String) -> String? {
        guard let entry = archive.entry(named: name), let bytes = try? archive.contents(of: entry, maxSize: 4096) else {
            return nil
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// True for names that say "pickle": `*.pkl`, `*.pickle`, TorchScript's `*.debug_pkl`.
    static func isPickleName(_ name: String) -> Bool {
        name.hasSuffix(".pkl") || name.hasSuffix(".pickle") || name.hasSuffix("_pkl")
    }
}
