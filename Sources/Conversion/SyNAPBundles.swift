import Crypto
import ModelArtifact

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SyNAP bundles taken apart and put together: a `.synap` ZIP unbundled into a folder, a folder
/// with `bundle.json` (or a legacy `.nb` + meta `.json`) bundled as the toolkit writes bundles.
public enum SyNAPBundles {
    /// Most bytes an entry may inflate to when it is deflated (4 GiB).
    public static let maxInflated = Int(UInt32.max)

    /// Extracts every file entry of `input` into `folder` (created), checking names and CRCs.
    public static func unbundle(_ input: String, into folder: String) throws -> [ConversionResult] {
        let file = try MappedFile(path: input)
        let archive = try ZipArchive(file)
        guard archive.entry(named: "bundle.json") != nil else {
            throw ArtifactError(file: input, offset: 0, rule: "convert-not-synap", expected: "a ZIP holding bundle.json", found: "none")
        }
        try makeFolder(folder)
        var names = Set<String>()
        var results: [ConversionResult] = []
        for entry in archive.entries where !entry.isDirectory && !entry.name.hasPrefix("__MACOSX/") {
            try checkName(entry.name, file: input, offset: entry.localHeaderOffset)
            guard !entry.isSymlink, names.insert(entry.name).inserted else {
                throw ArtifactError(file: input, offset: entry.centralHeaderOffset, rule: "convert-unsafe-entry",
                                    expected: "one regular file per name", found: "'\(entry.name)' (symlink or repeated)")
            }
            guard entry.method.isSupported, !entry.isEncrypted else {
                throw ArtifactError(file: input, offset: entry.localHeaderOffset, rule: "convert-unsupported-entry",
                                    expected: "a stored or deflated entry", found: "'\(entry.name)' \(entry.method)")
            }
            var rope = ByteRope()
            if entry.method == .stored {
                rope.append(file, try archive.dataRange(of: entry))
            } else {
                rope.append(try archive.contents(of: entry, maxSize: maxInflated))
            }
            let crc = crc(of: rope)
            guard crc == entry.crc32 else {
                throw ArtifactError(file: input, offset: entry.localHeaderOffset, rule: "convert-zip-crc-mismatch",
                                    expected: "CRC-32 \(entry.crc32) for '\(entry.name)'", found: "\(crc)")
            }
            let parts = entry.name.split(separator: "/").map(String.init)
            var path = folder
            for part in parts.dropLast() {
                path += "/" + part
                try makeFolder(path)
            }
            let out = try AtomicOutput(path: folder + "/" + entry.name, inputs: [input])
            try rope.write(to: out)
            let size = out.written
            results.append(ConversionResult(path: out.path, size: size, sha256: try out.commit(), tensorCount: 1))
        }
        return results
    }

    /// Bundles `folder` (holding `bundle.json` and the files its graph names) into `output`.
    public static func bundle(folder: String, output: String) throws -> ConversionResult {
        let bundlePath = folder + "/bundle.json"
        let bundleFile = try MappedFile(path: bundlePath)
        let json = try JSONParser.parse(bundleFile.reader(), what: "bundle.json")
        guard let graph = json.objectValue?["graph"]?.arrayValue else {
            throw ArtifactError(file: bundlePath, offset: 0, rule: "convert-bad-bundle-json", expected: "an object with a graph array",
                                found: json.typeName)
        }
        var entries: [(String, String)] = [("bundle.json", bundlePath)]
        for node in graph {
            for key in ["model", "meta"] {
                guard let name = node.objectValue?[key]?.stringValue else {
                    throw ArtifactError(file: bundlePath, offset: nil, rule: "convert-bad-bundle-json",
                                        expected: "a \(key) entry name in every graph node", found: "none")
                }
                try checkName(name, file: bundlePath, offset: nil)
                if !entries.contains(where: { $0.0 == name }) { entries.append((name, folder + "/" + name)) }
            }
        }
        return try write(entries: entries.map { ($0.0, .file($0.1)) }, to: output)
    }

    /// Bundles a legacy model (`.nb`, EBG or NBG) and its meta JSON as a one-subgraph bundle.
    public static func bundleLegacy(model: String, meta: String, output: String) throws -> ConversionResult {
        let nb = try MappedFile(path: model)
        let magic = nb.size >= 4 ? String(decoding: UnsafeRawBufferPointer(rebasing: nb.bytes[0..<4]), as: UTF8.self) : ""
        guard magic == "EBGX" || magic == "VPMN" else {
            throw ArtifactError(file: model, offset: 0, rule: "convert-not-nb", expected: "an EBG (EBGX) or NBG (VPMN) model",
                                found: "'\(magic)'")
        }
        let metaFile = try MappedFile(path: meta)
        let json = try JSONParser.parse(metaFile.reader(), what: "meta JSON")
        guard let inputs = json.objectValue?["Inputs"]?.objectValue, let outputs = json.objectValue?["Outputs"]?.objectValue else {
            throw ArtifactError(file: meta, offset: 0, rule: "convert-bad-meta-json", expected: "an object with Inputs and Outputs",
                                found: json.typeName)
        }
        let text = bundleJSON(model: "0/model.nb", meta: "0/model.json", inputs: inputs.count, outputs: outputs.count)
        return try write(entries: [("bundle.json", .text(text)), ("0/model.nb", .file(model)), ("0/model.json", .file(meta))],
                         to: output, inputs: [model, meta])
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
    private static func write(entries: [(String, Source)], to output: String, inputs: [String]? = nil) throws -> ConversionResult {
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
        let out = try AtomicOutput(path: output, inputs: inputs ?? paths)
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

    private static func crc(of rope: ByteRope) -> UInt32 {
        var crc: UInt32 = 0
        for piece in rope.pieces {
            switch piece {
            case .bytes(let b): crc = b.withUnsafeBytes { StoredZipWriter.crc32($0, crc: crc) }
            case .range(let f, let r): crc = StoredZipWriter.crc32(UnsafeRawBufferPointer(rebasing: f.bytes[r]), crc: crc)
            }
        }
        return crc
    }

    private static func digest(of rope: ByteRope) -> String {
        var hasher = SHA256()
        for piece in rope.pieces {
            switch piece {
            case .bytes(let b): hasher.update(data: b)
            case .range(let f, let r): hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: f.bytes[r]))
            }
        }
        return AtomicOutput.hex(hasher.finalize())
    }

    private static func checkName(_ name: String, file: String, offset: Int?) throws {
        let reason = name.isEmpty ? "is empty" : ZipNames.escapeReason(name)
            ?? (name.contains("\\") || name.contains("\0") ? "holds a backslash or NUL" : nil)
            ?? (name.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == "." || $0.isEmpty } ? "has an empty or '.' component" : nil)
        if let reason {
            throw ArtifactError(file: file, offset: offset, rule: "convert-unsafe-entry-name",
                                expected: "a relative name inside the bundle", found: "'\(name)' \(reason)")
        }
    }

    /// Creates `path` unless it is a folder already; a symbolic link or a file in its place is refused.
    private static func makeFolder(_ path: String) throws {
        var st = stat()
        if lstat(path, &st) == 0 {
            if st.st_mode & S_IFMT == S_IFDIR { return }
            throw ArtifactError(file: path, offset: nil, rule: "convert-unsafe-entry", expected: "a folder", found: "another kind of file or a link")
        }
        guard mkdir(path, 0o755) == 0 else {
            throw ArtifactError(file: path, offset: nil, rule: "convert-cannot-create", expected: "a folder",
                                found: String(cString: strerror(errno)))
        }
    }
}
