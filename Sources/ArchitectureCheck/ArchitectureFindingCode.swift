import ModelArtifact

/// The stable finding codes of the architecture check. A code's meaning never changes.
public enum ArchitectureFindingCode: String, FindingCode {
    case missingTensors = "ARCH001"
    case unexpectedTensors = "ARCH002"
    case shapeMismatch = "ARCH003"
    case dtypeMismatch = "ARCH004"
    case configMismatch = "ARCH005"
    case configMissing = "ARCH006"
    case configDiffersTolerated = "ARCH007"
    case noConfig = "ARCH008"
    case tokenizerMissing = "ARCH009"
    case shardNotIndexed = "ARCH010"
    case tiedEmbeddings = "ARCH011"
    case looksLike = "ARCH012"
    case noTensors = "ARCH013"
    case noMatch = "ARCH014"
    case comparisonNote = "ARCH015"
    case configDefaulted = "ARCH016"

    public var meaning: FindingMeaning {
        switch self {
        case .missingTensors: return .init(.error, "Tensors missing", "Tensors the architecture has are missing.")
        case .unexpectedTensors: return .init(.error, "Unexpected tensors", "Tensors the architecture does not have are present.")
        case .shapeMismatch: return .init(.error, "Tensor shape differs", "A tensor's shape differs.")
        case .dtypeMismatch: return .init(.error, "Tensor dtype not allowed", "A tensor's dtype is not one the architecture allows.")
        case .configMismatch: return .init(.error, "Config value differs", "A config value differs.")
        case .configMissing: return .init(.error, "Config value absent", "A config value the architecture needs is absent.")
        case .configDiffersTolerated:
            return .init(.warning, "Config value differs (tolerated)", "A config value differs where a difference is tolerated.")
        case .noConfig:
            return .init(.info, "No config to check", "The checkpoint carries no config, so config values were not checked.")
        case .tokenizerMissing: return .init(.warning, "Tokenizer files missing", "Tokenizer files are missing from the checkpoint folder.")
        case .shardNotIndexed:
            return .init(.error, "Shard not in the index", "A shard file in the folder is not in the index, so loaders never read it.")
        case .tiedEmbeddings:
            return .init(.error, "Output tied to the embeddings",
                         "The output layer is tied to the embeddings where the architecture has its own.")
        case .looksLike: return .init(.info, "Another size of the family", "The checkpoint looks like another size of the family.")
        case .noTensors: return .init(.error, "Tensors not read", "The checkpoint's tensors could not be read.")
        case .noMatch: return .init(.error, "No architecture matches", "`--arch auto`: no registered architecture matches.")
        case .comparisonNote:
            return .init(.info, "How names were compared", "How names were compared (a prefix stripped, GGUF dtypes not checked).")
        case .configDefaulted:
            return .init(.info, "Config value absent, its default the architecture's",
                         "A config value is absent, and the default transformers uses in its place is the architecture's.")
        }
    }
}
