import Crypto
import ModelArtifact
import SafetensorsReader
import SystemSeam

/// The proof of a conversion: the written safetensors file, re-read by `SafetensorsReader`, holds
/// every source tensor under its name with the same dtype and shape, at the byte range it was
/// written to, and (when `bytes` is true) the same bytes, compared byte for byte; a difference is
/// reported with both tensors' SHA-256.
public enum TensorProof {
    /// Checks `output` against `sources` (in the order written); returns how many tensors matched,
    /// throws `convert-proof-failed` otherwise.
    @discardableResult
    public static func check(safetensors output: String, against sources: [StridedTensor], bytes: Bool = true) throws -> Int {
        let parsed = try SafetensorsFile(MappedFile(path: output))
        var entries: [String: SafetensorsFile.Entry] = [:]
        for entry in parsed.entries { entries[entry.name] = entry }
        guard entries.count == sources.count else {
            throw failed(output, "\(sources.count) tensors", "\(entries.count)")
        }
        var expectedStart = 0
        for source in sources {
            guard let entry = entries[source.name] else { throw failed(output, "tensor '\(source.name)'", "none") }
            guard entry.dtype == source.dtype, entry.shape == source.shape else {
                throw failed(output, "'\(source.name)' \(source.dtype.name) \(source.shape)", "\(entry.dtype.name) \(entry.shape)")
            }
            let start = parsed.dataStart + entry.dataOffsets.lowerBound
            guard entry.dataOffsets == expectedStart..<(expectedStart + source.byteCount) else {
                throw failed(output, "bytes \(expectedStart)..<\(expectedStart + source.byteCount) for '\(source.name)'",
                             "\(entry.dataOffsets)")
            }
            expectedStart += source.byteCount
            guard bytes else { continue }
            // Byte for byte: the source's bytes in row-major order against what the reader finds.
            var at = start
            var same = true
            try source.forEachChunk { chunk in
                if same {
                    same = memcmp(chunk.baseAddress!, parsed.file.bytes.baseAddress! + at, chunk.count) == 0
                }
                parsed.file.advise(.dontNeed, range: at..<(at + chunk.count))
                at += chunk.count
            }
            guard same else {
                let written = try digest(StridedTensor(name: source.name, dtype: entry.dtype, shape: entry.shape, file: parsed.file,
                                                       base: start, strides: nil, elementSize: source.elementSize))
                throw failed(output, "the bytes of '\(source.name)' (sha256 \(try digest(source)))", "sha256 \(written)")
            }
        }
        guard parsed.file.size == parsed.dataStart + expectedStart else {
            throw failed(output, "\(parsed.dataStart + expectedStart) bytes in all", "\(parsed.file.size)")
        }
        return sources.count
    }

    /// Runs `check`, deleting `output` when the proof fails.
    static func checkOrRemove(safetensors output: String, against sources: [StridedTensor], bytes: Bool) throws {
        do {
            try check(safetensors: output, against: sources, bytes: bytes)
        } catch {
            unlink(output)
            throw error
        }
    }

    /// SHA-256 (hex) of a tensor's bytes in row-major order.
    public static func digest(_ tensor: StridedTensor) throws -> String {
        var hasher = SHA256()
        try tensor.forEachChunk { hasher.update(bufferPointer: $0) }
        return HexText.lowercase(hasher.finalize())
    }

    private static func failed(_ path: String, _ expected: String, _ found: String) -> ArtifactError {
        ArtifactError(file: path, offset: nil, rule: "convert-proof-failed", expected: expected, found: found)
    }
}
