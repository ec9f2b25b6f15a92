import ModelArtifact

/// The finding codes of format detection, each meaning fixed.
public enum ProbeFindingCode: String, FindingCode {
    case extensionMismatch = "PROBE001"
    case unknownContent = "PROBE002"

    public var meaning: FindingMeaning {
        switch self {
        case .extensionMismatch:
            return .init(.warning, "Extension names another format",
                         "A file's extension names one model format, but its content is another.")
        case .unknownContent:
            return .init(.warning, "Extension names a format, content unknown",
                         "A file's extension names a model format, but its content is none that synap-tool knows.")
        }
    }
}
