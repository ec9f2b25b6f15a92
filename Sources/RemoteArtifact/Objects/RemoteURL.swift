import ModelArtifact

/// A remote input named on the command line: an S3 object or prefix, or a plain HTTP(S) object.
public enum RemoteURL: Sendable, Equatable, CustomStringConvertible {
    /// `s3://bucket/key` (an object) or `s3://bucket/prefix/` (a folder).
    case s3(S3Location)
    /// `https://…` or `http://…` (an object).
    case http(String)

    /// The remote input `text` names, nil when it is a local path; an `s3://` text that is no valid
    /// location is an error.
    public init?(_ text: String) throws(RemoteError) {
        if HTTPObjectClient.handles(text) {
            self = .http(text)
            return
        }
        let location: S3Location?
        do { location = try S3Location(text) } catch {
            throw RemoteError(.invalidLocation, url: text, error.description)
        }
        guard let location else { return nil }
        self = .s3(location)
    }

    /// True for a text that names a remote input (whether or not it is a valid one).
    public static func isRemote(_ text: String) -> Bool {
        RemoteLocation.isRemote(text)
    }

    /// True for an S3 prefix (`s3://bucket/` or `s3://bucket/path/`): a folder.
    public var isFolder: Bool {
        if case .s3(let location) = self { return location.isPrefix }
        return false
    }

    /// The URL as given (for S3, `s3://bucket/key`).
    public var description: String {
        switch self {
        case .s3(let location): return location.description
        case .http(let url): return url
        }
    }

    /// The object's name: the last part of its key or path, without a query.
    public var fileName: String {
        let text: Substring
        switch self {
        case .s3(let location): text = Substring(location.key)
        case .http(let url): text = url.split(separator: "?", maxSplits: 1).first ?? ""
        }
        return String(text.split(separator: "/").last ?? "")
    }
}
