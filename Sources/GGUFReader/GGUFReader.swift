import ModelArtifact

/// Reads a GGUF file (versions 2 and 3) into a `ModelReport`.
public enum GGUFReader {
    /// The report of `file`: tensors with ggml types and absolute offsets, scalar metadata, and a
    /// `gguf` section; throws `ArtifactError` for a malformed file.
    public static func read(_ file: MappedFile) throws -> ModelReport {
        report(try GGUFFile.parse(file))
    }

    /// The report of an already parsed file.
    public static func report(_ gguf: GGUFFile) -> ModelReport {
        var report = ModelReport(path: gguf.path, format: .gguf, size: gguf.size)
        report.formatVersion = String(gguf.version)
        report.tensors = gguf.tensors.map { info in
            TensorInfo(name: info.name, dtype: info.type.dtype, shape: [Dimension](sizes: info.dims),
                       offset: info.offset, length: info.byteLength)
        }
        var metadata = JSONObject()
        var arrays = JSONObject()
        var seen = Set<String>()
        for entry in gguf.metadata where seen.insert(entry.key).inserted {
            if let json = entry.value.json {
                metadata.append(entry.key, json)
            } else if let array = entry.value.arrayValue {
                var summary = JSONObject()
                summary.append("type", .string(array.elementType.description))
                summary.append("count", .int(Int64(array.count)))
                arrays.append(entry.key, .object(summary))
            }
        }
        report.metadata = metadata
        var section = JSONObject()
        section.append("alignment", .int(Int64(gguf.alignment)))
        section.append("data_offset", .int(Int64(gguf.dataOffset)))
        section.append("arrays", .object(arrays))
        report.sections.append("gguf", .object(section))
        report.findings = gguf.findings
        return report
    }
}
