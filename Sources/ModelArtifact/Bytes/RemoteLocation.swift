/// Which texts name remote inputs rather than local paths: `s3://…`, `https://…`, `http://…` (any
/// case). One fact, asked by the CLI before it links anything remote and by `RemoteURL`.
public enum RemoteLocation {
    /// True when `text` names a remote input.
    public static func isRemote(_ text: String) -> Bool {
        let lower = text.prefix(8).lowercased()
        return lower.hasPrefix("s3://") || lower.hasPrefix("https://") || lower.hasPrefix("http://")
    }
}
