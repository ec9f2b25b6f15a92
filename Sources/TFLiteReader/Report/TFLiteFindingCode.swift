import ModelArtifact

/// The TFLite finding codes, each meaning fixed.
public enum TFLiteFindingCode: String, FindingCode {
    case bufferIndex = "TFL001"
    case shortData = "TFL002"
    case opcodeIndex = "TFL003"
    case tensorIndex = "TFL004"
    case bufferOverlap = "TFL005"
    case bufferPastEnd = "TFL006"
    case unknownBuiltin = "TFL007"
    case unknownType = "TFL008"
    case schemaVersion = "TFL009"
    case reference = "TFL010"
    case misaligned = "TFL011"

    public var meaning: FindingMeaning {
        switch self {
        case .bufferIndex:
            return .init(.error, "Buffer index out of range", "A tensor's buffer index is past the model's buffers.")
        case .shortData:
            return .init(.error, "Tensor data too short", "A tensor's data is shorter than its shape × element size.")
        case .opcodeIndex:
            return .init(.error, "Operator code index out of range", "An operator's opcode index is past the model's operator codes.")
        case .tensorIndex:
            return .init(.error, "Tensor index out of range",
                         "A tensor index (an operator's input, output or intermediate, a subgraph's input or output, a signature's tensor) is past its subgraph's tensors.")
        case .bufferOverlap: return .init(.error, "Buffers overlap", "Two buffers' bytes overlap.")
        case .bufferPastEnd:
            return .init(.error, "Offset buffer past the end", "An offset buffer (a model over 2 GB) reaches past the end of the file.")
        case .unknownBuiltin:
            return .init(.warning, "Unknown builtin operator",
                         "An operator code with a builtin code this schema does not know (a newer schema).")
        case .unknownType:
            return .init(.warning, "Unknown tensor type", "A tensor type this schema does not know; the tensor is left out of `tensors`.")
        case .schemaVersion:
            return .init(.warning, "Schema version not 3", "A schema version other than 3, the only one the TFLite runtime reads.")
        case .reference:
            return .init(.error, "Metadata or signature reference out of range",
                         "A metadata entry's buffer or a signature's subgraph index is out of range.")
        case .misaligned:
            return .init(.warning, "Misaligned fields",
                         "Fields not aligned to their size, which FlatBuffers' verifier (as TFLite runs it) rejects.")
        }
    }
}
