import ModelArtifact

/// Why a remote read failed, each naming the URL; the CLI reports them with exit 3.
public struct RemoteError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of failure.
    public enum Kind: String, Sendable {
        case noCredentials, accessDenied, notFound, throttled, rangeIgnored, badAnswer, network, invalidLocation, changed
    }

    public let kind: Kind
    public let url: String
    public let detail: String

    public init(_ kind: Kind, url: String, _ detail: String) {
        self.kind = kind
        self.url = url
        self.detail = detail
    }

    public var description: String { "\(url): \(detail)" }

    /// The same failure as an input error (rule `remote-<kind>`), which the CLI reports with exit 3.
    public var artifactError: ArtifactError {
        let rule = "remote-" + kind.rawValue.reduce(into: "") { text, character in
            if character.isUppercase { text += "-" + character.lowercased() } else { text.append(character) }
        }
        return ArtifactError(file: url, offset: nil, rule: rule, expected: expectation, found: detail)
    }

    private var expectation: String {
        switch kind {
        case .noCredentials: return "AWS credentials"
        case .accessDenied: return "read access"
        case .notFound: return "an existing object"
        case .throttled: return "an answer within the retries"
        case .rangeIgnored: return "a 206 answer to a ranged read"
        case .badAnswer: return "a well-formed answer"
        case .network: return "a reachable server"
        case .invalidLocation: return "an s3:// or http(s):// location"
        case .changed: return "the object unchanged while it is read"
        }
    }
}
