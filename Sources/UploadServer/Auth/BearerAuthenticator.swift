import Hummingbird
import HummingbirdAuth
import JWTKit

/// Reads `Authorization: Bearer <JWT>` and, when the token verifies, puts its claims in the
/// context. A request without a token goes on without an identity (routes that need one answer
/// 401); a forged, malformed or expired token is refused with 401 at once.
public struct BearerAuthenticator: AuthenticatorMiddleware {
    public typealias Context = ServerContext
    let keys: TokenKeys

    /// An authenticator checking tokens with `keys`.
    public init(keys: TokenKeys) { self.keys = keys }

    public func authenticate(request: Request, context: ServerContext) async throws -> ProjectClaims? {
        guard request.headers[.authorization] != nil else { return nil }
        guard let bearer = request.headers.bearer else {
            throw APIFailure(.unauthorized, .unauthorized, "the Authorization header must be `Bearer <JWT>`")
        }
        do {
            return try await keys.verify(bearer.token)
        } catch {
            throw APIFailure(.unauthorized, .unauthorized, "the bearer token is not valid: \(Self.reason(error))")
        }
    }

    /// Why jwt-kit refused a token, in a few words.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? JWTError else { return "malformed" }
        switch error.errorType {
        case .claimVerificationFailure: return error.reason ?? "a claim does not hold"
        case .signatureVerificationFailed: return "its signature does not match the server's key"
        case .malformedToken: return "malformed"
        default: return "not signed with the server's key (\(error.errorType))"
        }
    }
}
