/// An access key (and, for temporary credentials, a session token), and where it came from.
public struct AWSCredentials: Sendable, Equatable {
    /// `AKIA…` / `ASIA…`.
    public var accessKeyID: String
    /// The secret key.
    public var secretAccessKey: String
    /// The session token of temporary credentials.
    public var sessionToken: String?
    /// Where they were found (`environment`, `~/.aws/credentials [profile]`), for messages; never the secret.
    public var source: String

    /// Credentials from `source`.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, source: String = "given") {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
    }
}
