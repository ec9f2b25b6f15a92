/// Why the store refused a request (its file-system failures are `LocalFileError`s).
public enum ArtifactStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key is empty, absolute, or has an empty, `.` or `..` component (or any component
    /// beginning with a dot, which the store keeps for itself).
    case invalidKey(String)
    /// An artifact already lies under the key (keys are never reused).
    case keyExists(String)
    /// The upload was committed or aborted already, or a write overlapped another.
    case uploadClosed

    public var description: String {
        switch self {
        case .invalidKey(let key): return "not a valid artifact key: \(key.debugDescription)"
        case .keyExists(let key): return "an artifact already lies under \(key.debugDescription)"
        case .uploadClosed: return "the upload was already committed or aborted, or is being written"
        }
    }
}
