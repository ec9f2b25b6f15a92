import ModelArtifact

/// The GGUF finding codes, each meaning fixed.
public enum GGUFFindingCode: String, FindingCode {
    case overlap = "GGUF001"
    case duplicateKey = "GGUF002"
    case longName = "GGUF003"
    case misplaced = "GGUF004"
    case manyDimensions = "GGUF005"

    public var meaning: FindingMeaning {
        switch self {
        case .overlap: return .init(.error, "Tensors overlap", "Two tensors' bytes overlap.")
        case .duplicateKey:
            return .init(.error, "Metadata key repeated", "A metadata key appears twice (llama.cpp refuses the file; gguf-py warns).")
        case .longName:
            return .init(.warning, "Tensor name too long for ggml",
                         "A tensor name of 64 bytes or more (ggml's `GGML_MAX_NAME`; llama.cpp refuses it).")
        case .misplaced:
            return .init(.warning, "Tensors not back to back", "Tensors not laid out back to back in file order, as ggml expects.")
        case .manyDimensions:
            return .init(.warning, "More dimensions than ggml handles", "A tensor with more than ggml's 4 dimensions.")
        }
    }
}
