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
        var arrays: [GGUFSection.ArraySummary] = []
        var seen = Set<String>()
        for entry in gguf.metadata where seen.insert(entry.key).inserted {
            if let json = entry.value.json {
                metadata.append(entry.key, json)
            } else if let array = entry.value.arrayValue {
                arrays.append(GGUFSection.ArraySummary(key: entry.key, elementType: array.elementType, count: array.count))
            }
        }
        report.metadata = metadata
        report.set(GGUFSection(alignment: gguf.alignment, dataOffset: gguf.dataOffset, arrays: arrays))
        report.findings = gguf.findings
        return report
    }
}
