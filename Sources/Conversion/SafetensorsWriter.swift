import ModelArtifact
import SafetensorsReader

/// What a conversion wrote: the file, its size and SHA-256, and how many tensors it holds.
public struct ConversionResult: Sendable, Equatable {
    /// The file written.
    public var path: String
    /// Its size in bytes.
    public var size: Int
    /// SHA-256 (hex) of its bytes.
    public var sha256: String
    /// Tensors (or initializers, entries) written.
    public var tensorCount: Int
}

/// Writes tensors as one safetensors file: the 8-byte header length, the JSON header padded with
/// spaces to a multiple of 8, then each tensor's bytes in order, with no holes.
public enum SafetensorsWriter {
    /// Writes `tensors` with `metadata` to `path` (atomically), refusing to write over `inputs`, then
    /// proves the file holds them (`TensorProof`, byte for byte with `options.verify`); a file that
    /// fails the proof is removed.
    public static func write(_ tensors: [StridedTensor], metadata: [(String, String)], to path: String,
                             inputs: [String], options: WriteOptions = WriteOptions()) throws -> ConversionResult {
        var seen = Set<String>()
        for t in tensors {
            try t.validate()
            guard SafetensorsDType.accepted.contains(t.dtype) else {
                throw ArtifactError(file: t.file.path, offset: nil, rule: "convert-unsupported-dtype",
                                    expected: "a dtype safetensors defines for tensor '\(t.name)'", found: t.dtype.name)
            }
            guard t.name != "__metadata__", seen.insert(t.name).inserted else {
                throw ArtifactError(file: t.file.path, offset: nil, rule: "convert-duplicate-name",
                                    expected: "one tensor per name", found: "'\(t.name)' twice or reserved")
            }
        }
        let header = headerBytes(tensors, metadata: metadata)
        let out = try AtomicOutput(path: path, inputs: inputs, options: options)
        var length = [UInt8](repeating: 0, count: 8)
        for k in 0..<8 { length[k] = UInt8(truncatingIfNeeded: UInt64(header.count) >> (8 * k)) }
        try out.write(length)
        try out.write(header)
        for t in tensors { try t.write(to: out) }
        let size = out.written
        let result = ConversionResult(path: path, size: size, sha256: try out.commit(), tensorCount: tensors.count)
        try TensorProof.checkOrRemove(safetensors: path, against: tensors, bytes: options.verify)
        return result
    }

    /// The JSON header (padded with spaces to a multiple of 8): `__metadata__` first, then each tensor.
    public static func headerBytes(_ tensors: [StridedTensor], metadata: [(String, String)]) -> [UInt8] {
        var root = JSONObject()
        if !metadata.isEmpty {
            var meta = JSONObject()
            for (k, v) in metadata { meta.append(k, .string(v)) }
            root.append("__metadata__", .object(meta))
        }
        var offset = 0
        for t in tensors {
            var o = JSONObject()
            o.append("dtype", .string(t.dtype.name))
            o.append("shape", .array(t.shape.map { .int(Int64($0)) }))
            o.append("data_offsets", .array([.int(Int64(offset)), .int(Int64(offset + t.byteCount))]))
            offset += t.byteCount
            root.append(t.name, .object(o))
        }
        var bytes = JSONWriter.bytes(.object(root), style: .compact)
        while bytes.count % 8 != 0 { bytes.append(0x20) }
        return bytes
    }
}
