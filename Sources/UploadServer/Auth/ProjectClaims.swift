import JWTKit

/// The claims of a synap-server bearer token: when it expires, and the projects it may use.
public struct ProjectClaims: JWTPayload, Equatable {
    /// `exp`: required; an expired token is refused.
    public var exp: ExpirationClaim
    /// `projects`: the project ids the token may upload to and read.
    public var projects: [Int64]

    /// Claims for `projects` that expire at `expiration`.
    public init(projects: [Int64], expiration: ExpirationClaim) {
        self.exp = expiration
        self.projects = projects
    }

    /// Refuses an expired token.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }

    /// Whether the token may use `project`.
    public func allows(project: Int64) -> Bool { projects.contains(project) }
}
