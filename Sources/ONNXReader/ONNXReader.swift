import ModelArtifact

/// Reads an ONNX `ModelProto` into a `ModelReport`, zero-copy: only structure is parsed, weights
/// are byte ranges, and external data files are only looked at for their size.
public enum ONNXReader {
    /// The report of `file`: the main graph, its initializers, opsets, producer, onnx checker's
    /// verdict (`checker`) and an `onnx` section; throws `ArtifactError` when the protobuf is malformed.
    public static func read(_ file: MappedFile, limits: ProtoLimits = ProtoLimits()) throws -> ModelReport {
        try ONNXReport.build(try ONNXParser.model(file, limits: limits), file: file)
    }
}
