import ModelArtifact

/// The stable finding codes of the architecture check. A code's meaning never changes.
///
/// | code | severity | meaning |
/// | --- | --- | --- |
/// | ARCH001 | error | tensors the architecture has are missing |
/// | ARCH002 | error | tensors the architecture does not have are present |
/// | ARCH003 | error | a tensor's shape differs |
/// | ARCH004 | error | a tensor's dtype is not one the architecture allows |
/// | ARCH005 | error | a config value differs |
/// | ARCH006 | error | a config value the architecture needs is absent |
/// | ARCH007 | warning | a config value differs where a difference is tolerated |
/// | ARCH008 | info | the checkpoint carries no config, so config values were not checked |
/// | ARCH009 | warning | tokenizer files are missing from the checkpoint folder |
/// | ARCH010 | error | a shard file in the folder is not in the index, so loaders never read it |
/// | ARCH011 | error | the output layer is tied to the embeddings where the architecture has its own |
/// | ARCH012 | info | the checkpoint looks like another size of the family |
/// | ARCH013 | error | the checkpoint's tensors could not be read |
/// | ARCH014 | error | `--arch auto`: no registered architecture matches |
/// | ARCH015 | info | how names were compared (a prefix stripped, GGUF dtypes not checked) |
/// | ARCH016 | info | a config value is absent, and the default transformers uses in its place is the architecture's |
public enum CheckCode: String, CaseIterable, Sendable {
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

    /// The severity findings with this code have.
    public var severity: Severity {
        switch self {
        case .configDiffersTolerated, .tokenizerMissing: return .warning
        case .noConfig, .looksLike, .comparisonNote, .configDefaulted: return .info
        default: return .error
        }
    }

    /// A short title (SARIF rule names, documentation).
    public var title: String {
        switch self {
        case .missingTensors: return "Tensors missing"
        case .unexpectedTensors: return "Unexpected tensors"
        case .shapeMismatch: return "Tensor shape differs"
        case .dtypeMismatch: return "Tensor dtype not allowed"
        case .configMismatch: return "Config value differs"
        case .configMissing: return "Config value absent"
        case .configDiffersTolerated: return "Config value differs (tolerated)"
        case .noConfig: return "No config to check"
        case .tokenizerMissing: return "Tokenizer files missing"
        case .shardNotIndexed: return "Shard not in the index"
        case .tiedEmbeddings: return "Output tied to the embeddings"
        case .looksLike: return "Another size of the family"
        case .noTensors: return "Tensors not read"
        case .noMatch: return "No architecture matches"
        case .comparisonNote: return "How names were compared"
        case .configDefaulted: return "Config value absent, its default the architecture's"
        }
    }

    /// A finding with this code.
    func finding(_ message: String, location: String?) -> Finding {
        Finding(severity, rawValue, message, location: location)
    }
}
