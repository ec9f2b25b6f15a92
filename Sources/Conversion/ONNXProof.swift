import Crypto
import ModelArtifact
import ONNXReader
import SystemSeam

/// The proof of an ONNX rewrite: `ONNXReader` reads the result, which has the same initializers
/// (name, dtype, shape, byte length) whose bytes — in place or external — have the same SHA-256
/// (compared when `bytes` is true).
public enum ONNXProof {
    /// Checks `rewritten` against `original`; returns how many initializers matched.
    @discardableResult
    public static func check(original: String, rewritten: String, bytes: Bool = true) throws -> Int {
        let before = try digests(original, bytes: bytes)
        let after = try digests(rewritten, bytes: bytes)
        guard before.count == after.count else {
            throw failed(rewritten, "\(before.count) initializers", "\(after.count)")
        }
        for (a, b) in zip(before, after) where a != b {
            throw failed(rewritten, "initializer '\(a.name)' \(a.summary) sha256 \(a.sha256)", "'\(b.name)' \(b.summary) sha256 \(b.sha256)")
        }
        return before.count
    }

    /// Runs `check`, deleting `written` when the proof fails.
    static func checkOrRemove(original: String, rewritten: String, written: [String], bytes: Bool) throws {
        do {
            try check(original: original, rewritten: rewritten, bytes: bytes)
        } catch {
            for path in written { unlink(path) }
            throw error
        }
    }

    private struct Digest: Equatable {
        var name: String
        var summary: String
        var sha256: String
    }

    private static func digests(_ path: String, bytes hashing: Bool) throws -> [Digest] {
        let file = try MappedFile(path: path)
        let report = try ONNXReader.read(file)
        var files: [String: MappedFile] = [:]
        return try (report.tensors ?? []).map { t in
            var bytes = file
            if let name = t.file {
                bytes = try files[name] ?? MappedFile(path: FolderListing.folder(of: path) + name)
                files[name] = bytes
            }
            let summary = "\(t.dtype.name) \(t.shape.map(\.json))"
            // Tensors without one byte range (string_data) are compared by name, dtype and shape.
            guard let offset = t.offset, let length = t.length else { return Digest(name: t.name, summary: summary, sha256: "-") }
            guard offset >= 0, length >= 0, offset <= bytes.size - length else {
                throw failed(path, "the bytes of initializer '\(t.name)' inside its file", "a range past the end")
            }
            guard hashing else { return Digest(name: t.name, summary: summary + " \(length) bytes", sha256: "-") }
            var hasher = SHA256()
            bytes.forEachChunk(of: offset..<(offset + length)) { hasher.update(bufferPointer: $0) }
            return Digest(name: t.name, summary: summary, sha256: HexText.lowercase(hasher.finalize()))
        }
    }

    private static func failed(_ path: String, _ expected: String, _ found: String) -> ArtifactError {
        ArtifactError(file: path, offset: nil, rule: "convert-proof-failed", expected: expected, found: found)
    }
}
