import ModelArtifact

/// Reads TFLite models (FlatBuffers with identifier `TFL3`) into `ModelReport`s, whole files or
/// models embedded in a range of another file (a SyNAP bundle's stored `subgraph_K.tflite`).
///
/// Every offset is verified before it is followed; buffer bytes are located, never read. Report
/// offsets are absolute positions in the file that holds the model.
public enum TFLiteReader {
    /// The report of the whole file `file`; throws `ArtifactError` for a malformed FlatBuffer.
    public static func read(_ file: MappedFile, limits: FlatBufferLimits = FlatBufferLimits()) throws -> ModelReport {
        TFLiteReport.make(try parse(file, limits: limits))
    }

    /// The report of the model lying in `reader`'s range (its path is the file's, its size the range's,
    /// its offsets absolute in the file; offset buffers count from the range's start).
    public static func read(_ reader: ByteReader, limits: FlatBufferLimits = FlatBufferLimits()) throws -> ModelReport {
        TFLiteReport.make(try parse(reader.file, range: reader.range, limits: limits))
    }

    /// The parsed tables of the model in `range` of `file` (the whole file by default).
    public static func parse(_ file: MappedFile, range: Range<Int>? = nil,
                             limits: FlatBufferLimits = FlatBufferLimits()) throws -> TFLiteModel {
        try TFLiteModelParser(file: file, range: range ?? 0..<file.size, limits: limits).parse()
    }

    /// The report of an already parsed model.
    public static func report(_ model: TFLiteModel) -> ModelReport {
        TFLiteReport.make(model)
    }
}
