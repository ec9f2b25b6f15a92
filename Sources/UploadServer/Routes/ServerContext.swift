import Hummingbird
import HummingbirdAuth
import NIOCore

/// The context of one request: the verified token claims (set by `BearerAuthenticator`), the
/// connection (closed after an answer that leaves the body unread), and the request's notes.
public struct ServerContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The claims of a valid bearer token, or nil.
    public var identity: ProjectClaims?
    /// The connection the request came on.
    public let channel: any Channel
    /// What the handler learned, for the log line and the error answer.
    public let notes = RequestNotes()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The token's claims if it may use `project`: 401 without a valid token, 403 for another project.
    public func requireProject(_ project: Int64) throws -> ProjectClaims {
        guard let identity else {
            throw APIFailure(.unauthorized, .unauthorized, "a bearer token is required (Authorization: Bearer <JWT>)")
        }
        guard identity.allows(project: project) else {
            throw APIFailure(.forbidden, .forbidden, "the token does not grant project \(project)")
        }
        return identity
    }
}
