import Crypto
import FormatProbe
import ModelArtifact
import SyNAPReader
import SystemSeam
import ZipContainer

/// SyNAP bundles taken apart and put together: a `.synap` ZIP unbundled into a folder; a bundle
/// description with the files it names, or one model (a legacy `.nb`, say) with its meta JSON,
/// bundled as the toolkit writes bundles.
public enum SyNAPBundles {
    /// Most bytes an entry may inflate to when it is deflated (4 GiB).
    public static let maxInflated = Int(UInt32.max)

    /// Extracts every file entry of `input` into `folder`, checking names and CRCs, atomically: the
    /// entries are written into a hidden temporary folder beside `folder` (same parent), which is
    /// renamed into place only when every entry is written. A refused bundle (an entry name that
    /// is absolute, climbs with `..` or holds a control character, a symbolic link entry, a name
    /// given twice or both as a file and as a folder, an unreadable payload) leaves nothing behind:
    /// no `folder`, no temporary folder. `folder` must not exist, or be an empty folder.
    /// The results name the files at their final paths.
    public static func unbundle(_ input: String, into folder: String,
                                options: WriteOptions = WriteOptions()) throws -> [ConversionResult] {
        let file = try MappedFile(path: input)
        let archive = try ZipArchive(file)
        guard archive.entry(named: "bundle.json") != nil else {
            throw ArtifactError(file: input, offset: 0, rule: "convert-not-synap", expected: "a ZIP holding bundle.json", found: "none")
        }
        let entries = try extractable(archive, input: input)
        let folder = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        try refuseExisting(folder)
        let temporary = try makeTemporaryFolder(beside: folder)
        do {
            var results: [ConversionResult] = []
            for entry in entries {
                var rope = ByteRope()
                if entry.method == .stored {
                    rope.append(file, try archive.dataRange(of: entry))
                } else {
                    rope.append(try archive.contents(of: entry, maxSize: maxInflated))
                }
                let crc = rope.crc32
                guard crc == entry.crc32 else {
                    throw ArtifactError(file: input, offset: entry.localHeaderOffset, rule: "convert-zip-crc-mismatch",
                                        expected: "CRC-32 \(entry.crc32) for '\(entry.name)'", found: "\(crc)")
                }
                var path = temporary
                for part in entry.name.split(separator: "/").dropLast() {
                    path += "/" + part
                    try makeFolder(path)
                }
                let out = try AtomicOutput(path: temporary + "/" + entry.name, inputs: [input], options: options)
                try rope.write(to: out)
                let size = out.written
                results.append(ConversionResult(path: folder + "/" + entry.name, size: size, sha256: try out.commit(), tensorCount: 1))
            }
            guard rename(temporary, folder) == 0 else {
                throw ArtifactError(file: folder, offset: nil, rule: "convert-cannot-write", expected: "the extracted folder renamed into place",
                                    found: String(cString: strerror(errno)))
            }
            return results
        } catch {
            removeTree(temporary)
            throw error
        }
    }

    /// The file entries to extract, every one checked before anything is written: a safe name
    /// (`checkName`), no symbolic link, no name twice, no name that is also another's folder, a
    /// stored or deflated entry that is not encrypted.
    private static func extractable(_ archive: ZipArchive, input: String) throws -> [ZipEntry] {
        var files = Set<String>()
        var folders = Set<String>()
        var entries: [ZipEntry] = []
        for entry in archive.entries where !entry.isDirectory && !entry.name.hasPrefix("__MACOSX/") {
            try checkName(entry.name, file: input, offset: entry.localHeaderOffset)
            let parts = entry.name.split(separator: "/")
            let parents = (1..<max(1, parts.count)).map { parts[..<$0].joined(separator: "/") }
            let clash = entry.isSymlink ? "a symbolic link" : files.contains(entry.name) ? "repeated"
                : folders.contains(entry.name) ? "also a folder of another entry"
                : parents.contains(where: files.contains) ? "inside a name that is also a file" : nil
            if let clash {
                throw ArtifactError(file: input, offset: entry.centralHeaderOffset, rule: "convert-unsafe-entry",
                                    expected: "one regular file per name", found: "'\(entry.name)' (\(clash))")
            }
            guard entry.method.isSupported, !entry.isEncrypted else {
                throw ArtifactError(file: input, offset: entry.localHeaderOffset, rule: "convert-unsupported-entry",
                                    expected: "a stored or deflated entry", found: "'\(entry.name)' \(entry.method)")
            }
            files.insert(entry.name)
            folders.formUnion(parents)
            entries.append(entry)
        }
        return entries
    }

    /// Bundles as `synap-tool convert --bundle META.json MODEL… -o OUT.synap` does. `meta` is either
    /// a bundle description (`bundle.json`: a `graph` of subgraphs, each naming its model and meta
    /// files) or one model's meta JSON (SyNAP's `Inputs` and `Outputs`).
    ///
    /// With a description, each of `files` is the file the graph names by the end of its path
    /// (`build/0/model.nb` is `0/model.nb`); a name no file ends with is read from `meta`'s folder.
    /// With a model's meta JSON, `files` is that one model (EBG/NBG `.nb`, TFLite, ONNX or `.vmfb`),
    /// bundled as one subgraph under the toolkit's names (`0/model.nb` and `0/model.json`, or
    /// `0/subgraph_0.tflite` and `0/subgraph_0.json`).
    public static func bundle(meta: String, files: [String], output: String,
                              options: WriteOptions = WriteOptions()) throws -> ConversionResult {
        let metaFile = try MappedFile(path: meta)
        let json = try JSONParser.parse(metaFile.reader(), what: "meta JSON")
        guard let object = json.objectValue else {
            throw ArtifactError(file: meta, offset: 0, rule: "convert-bad-meta-json", expected: "a JSON object", found: json.typeName)
        }
        if object["graph"] != nil {
            let description = try SyNAPBundleJSON.parse(json, reader: metaFile.reader())
            return try bundle(description: meta, graph: description.graph, files: files, output: output, options: options)
        }
        guard object["Inputs"]?.objectValue != nil, object["Outputs"]?.objectValue != nil else {
            throw ArtifactError(file: meta, offset: 0, rule: "convert-bad-meta-json",
                                expected: "a bundle description (graph) or a model's meta (Inputs and Outputs)", found: "neither")
        }
        guard files.count == 1, let model = files.first else {
            throw ArtifactError(file: meta, offset: nil, rule: "convert-bundle-files",
                                expected: "one model for a model's meta JSON", found: "\(files.count) files")
        }
        let names = try entryNames(model: model)
        let parsed = try SyNAPMeta.parse(json, reader: metaFile.reader())
        let text = bundleJSON(model: names.model, meta: names.meta, inputs: parsed.inputs.count, outputs: parsed.outputs.count)
        return try write(entries: [("bundle.json", .text(text)), (names.model, .file(model)), (names.meta, .file(meta))],
                         to: output, inputs: [model, meta], options: options)
    }

    /// The names the toolkit gives a one-subgraph bundle's model and meta, by the model's format.
    static func entryNames(model: String) throws -> (model: String, meta: String) {
        let format = FormatProbe.detect(file: try MappedFile(path: model)).format
        switch format {
        case .ebg, .nbg: return ("0/model.nb", "0/model.json")
        case .tflite, .onnx: return ("0/subgraph_0.\(format.rawValue)", "0/subgraph_0.json")
        default:
            guard model.hasSuffix(".vmfb") else {
                throw ArtifactError(file: model, offset: 0, rule: "convert-not-synap-model",
                                    expected: "an EBG/NBG .nb, TFLite, ONNX or .vmfb model", found: format.rawValue)
            }
            return ("0/subgraph_0.vmfb", "0/subgraph_0.json")
        }
    }

    /// Bundles the files the graph of the bundle description at `path` names, found among `files`
    /// or beside it.
    private static func bundle(description path: String, graph: [SyNAPGraphEntry], files: [String], output: String,
                               options: WriteOptions) throws -> ConversionResult {
        var entries: [(String, Source)] = [("bundle.json", .file(path))]
        for node in graph {
            guard let meta = node.meta else {
                throw ArtifactError(file: path, offset: nil, rule: "convert-bad-bundle-json",
                                    expected: "a meta entry name in every graph node", found: "none")
            }
            for name in [node.model, meta] {
                try checkName(name, file: path, offset: nil)
                guard !entries.contains(where: { $0.0 == name }) else { continue }
                let given = files.filter { $0 == name || $0.hasSuffix("/" + name) }
                guard given.count <= 1 else {
                    throw ArtifactError(file: path, offset: nil, rule: "convert-bundle-files",
                                        expected: "one file for '\(name)'", found: given.joined(separator: ", "))
                }
                entries.append((name, .file(given.first ?? FolderListing.folder(of: path) + name)))
            }
        }
        let named = Set(entries.compactMap { entry -> String? in
            if case .file(let file) = entry.1 { return file }
            return nil
        })
        if let stray = files.first(where: { !named.contains($0) }) {
            throw ArtifactError(file: stray, offset: nil, rule: "convert-bundle-files",
                                expected: "a file the graph of \(path) names", found: "a file it does not name")
        }
        return try write(entries: entries, to: output, options: options)
    }

    /// `bundle.json` for one subgraph fed by the bundle's inputs, as the toolkit writes it (`json.dumps(indent=1)`).
    public static func bundleJSON(model: String, meta: String, inputs: Int, outputs: Int) -> String {
        func wires(_ count: Int, subgraph: Int, indent: String) -> String {
            guard count > 0 else { return "[]" }
            let items = (0..<count).map { "\(indent) {\n\(indent)  \"subgraph\": \(subgraph),\n\(indent)  \"out\": \($0)\n\(indent) }" }
            return "[\n" + items.joined(separator: ",\n") + "\n\(indent)]"
        }
        return "{\n \"graph\": [\n  {\n   \"inputs\": \(wires(inputs, subgraph: -1, indent: "   ")),\n   \"model\": \"\(model)\",\n"
            + "   \"meta\": \"\(meta)\"\n  }\n ],\n \"outputs\": \(wires(outputs, subgraph: 0, indent: " "))\n}"
    }

    private enum Source {
        case file(String)
        case text(String)
    }

    /// Writes the entries as a stored ZIP, then proves it: `ZipArchive` reads each entry back with the source's SHA-256.
    private static func write(entries: [(String, Source)], to output: String, inputs: [String]? = nil,
                              options: WriteOptions) throws -> ConversionResult {
        var ropes: [(String, ByteRope)] = []
        var paths: [String] = []
        for (name, source) in entries {
            var rope = ByteRope()
            switch source {
            case .file(let path):
                let file = try MappedFile(path: path)
                rope.append(file, 0..<file.size)
                paths.append(path)
            case .text(let text): rope.append(Array(text.utf8))
            }
            ropes.append((name, rope))
        }
        let out = try AtomicOutput(path: output, inputs: inputs ?? paths, options: options)
        var zip = StoredZipWriter(out)
        for (name, rope) in ropes { try zip.add(name, rope) }
        try zip.finish()
        let size = out.written
        let result = ConversionResult(path: output, size: size, sha256: try out.commit(), tensorCount: ropes.count)
        let archive = try ZipArchive(MappedFile(path: output))
        for (name, rope) in ropes {
            var written = ByteRope()
            if let entry = archive.entry(named: name), entry.method == .stored {
                written.append(archive.file, try archive.dataRange(of: entry))
            }
            guard written.count == rope.count, digest(of: rope) == digest(of: written) else {
                unlink(output)
                throw ArtifactError(file: output, offset: nil, rule: "convert-proof-failed", expected: "entry '\(name)' as written",
                                    found: "another entry")
            }
        }
        return result
    }

    private static func digest(of rope: ByteRope) -> String {
        var hasher = SHA256()
        rope.forEachBuffer { hasher.update(bufferPointer: $0) }
        return HexText.lowercase(hasher.finalize())
    }

    private static func checkName(_ name: String, file: String, offset: Int?) throws {
        let reason = name.isEmpty ? "is empty" : ZipNames.escapeReason(name)
            ?? (name.unicodeScalars.contains { $0 == "\\" || $0.value < 0x20 || $0.value == 0x7f }
                ? "holds a backslash or a control character" : nil)
            ?? (name.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == "." || $0.isEmpty } ? "has an empty or '.' component" : nil)
        if let reason {
            throw ArtifactError(file: file, offset: offset, rule: "convert-unsafe-entry-name",
                                expected: "a relative name inside the bundle", found: "'\(name)' \(reason)")
        }
    }

    /// Refuses an unbundling target that exists and is anything but an empty folder (a link, a
    /// file, a folder with files): what is there is never written into or over.
    private static func refuseExisting(_ folder: String) throws {
        let status = FileStatus(path: folder, followingLinks: false)
        guard status.kind != .missing else { return }
        if status.kind == .folder, (try? FolderListing.names(folder).isEmpty) == true { return }
        throw ArtifactError(file: folder, offset: nil, rule: "convert-output-exists", expected: "a new or empty folder to unbundle into",
                            found: status.kind == .folder ? "a folder with files" : MappedFile.describeKind(status.type))
    }

    /// Creates a hidden, fresh folder beside `folder` (same parent, so it can be renamed into place):
    /// `.NAME.unbundle-PID-N`.
    private static func makeTemporaryFolder(beside folder: String) throws -> String {
        let parent = FolderListing.folder(of: folder)
        let name = String(decoding: folder.utf8.dropFirst(parent.utf8.count), as: UTF8.self)
        for attempt in 0..<100 {
            let path = parent + ".\(name).unbundle-\(getpid())-\(attempt)"
            if mkdir(path, 0o755) == 0 { return path }
            guard errno == EEXIST else {
                throw ArtifactError(file: folder, offset: nil, rule: "convert-cannot-create", expected: "a temporary folder beside it",
                                    found: String(cString: strerror(errno)))
            }
        }
        throw ArtifactError(file: folder, offset: nil, rule: "convert-cannot-create", expected: "a temporary folder beside it",
                            found: "100 names taken")
    }

    /// Deletes `path` and everything below it, following no symbolic link.
    private static func removeTree(_ path: String) {
        for (name, kind) in (try? FolderListing.entries(path)) ?? [] {
            let child = FolderListing.join(path, name)
            if kind == .folder { removeTree(child) } else { unlink(child) }
        }
        rmdir(path)
    }

    /// Creates `path` unless it is a folder already; a symbolic link or a file in its place is refused.
    private static func makeFolder(_ path: String) throws {
        let status = FileStatus(path: path, followingLinks: false)
        if status.kind != .missing {
            if status.kind == .folder { return }
            throw ArtifactError(file: path, offset: nil, rule: "convert-unsafe-entry", expected: "a folder", found: "another kind of file or a link")
        }
        guard mkdir(path, 0o755) == 0 else {
            throw ArtifactError(file: path, offset: nil, rule: "convert-cannot-create", expected: "a folder",
                                found: String(cString: strerror(errno)))
        }
    }
}
