import ModelArtifact

/// Reads a safetensors file into a `ModelReport`: every tensor with its absolute byte range, and
/// `__metadata__` as the report's metadata. Touches the header only, never the weights.
public enum SafetensorsReader {
    /// The report of the safetensors file `file`, or the `ArtifactError` of the first rule it breaks.
    public static func read(_ file: MappedFile) throws -> ModelReport {
        report(of: try SafetensorsFile(file))
    }

    /// The report of an already validated file.
    public static func report(of parsed: SafetensorsFile) -> ModelReport {
        var report = ModelReport(path: parsed.file.path, format: .safetensors, size: parsed.file.size)
        let base = parsed.dataStart
        report.tensors = parsed.entries.map { entry in
            TensorInfo(name: entry.name, dtype: entry.dtype, shape: [Dimension](sizes: entry.shape),
                       offset: base + entry.dataOffsets.lowerBound, length: entry.dataOffsets.count)
        }
        if parsed.hasMetadata {
            var metadata = JSONObject()
            for (key, value) in parsed.metadata { metadata.append(key, .string(value)) }
            report.metadata = metadata
        }
        return report
    }
}
