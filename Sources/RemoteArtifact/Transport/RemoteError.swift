/// Why a remote read failed, each naming the URL; the CLI reports them with exit 3.
public struct RemoteError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of failure.
    public enum Kind: String, Sendable {
        case noCredentials, accessDenied, notFound, throttled, rangeIgnored, badAnswer, network, invalidLocation
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
}
