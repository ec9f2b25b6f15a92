import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Turns every error into an answer with the seed's `APIResponse` error body: an `APIFailure` as
/// it is, Hummingbird's own errors (no route: 404) by their status, a client that went away as a
/// 400, anything else as a 500 logged with the request id. A request whose body was left unread
/// is answered with `Connection: close`, and the connection is closed after the answer.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let metrics: ServerMetrics
    /// The routes served, to tell a wrong method (405) from an unknown path (404).
    let routes: RouteTable

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let failure = Self.failure(for: error, request: request, context: context, routes: routes)
            if let code = failure.error.code { metrics.rejected(code: code) }
            let closing = Self.leavesBodyUnread(request, context.notes) ? context.channel : nil
            return JSONAnswer.failure(failure, closing: closing, headers: Self.extraHeaders(failure))
        }
    }

    static func failure(for error: any Error, request: Request, context: ServerContext, routes: RouteTable) -> APIFailure {
        switch error {
        case let failure as APIFailure:
            return failure
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                if let methods = routes.methods(servedOn: request.uri.path), !methods.contains(request.method) {
                    let allow = methods.map(\.rawValue).joined(separator: ", ")
                    var failure = APIFailure(.methodNotAllowed, .methodNotAllowed,
                                             "\(request.method) is not allowed on \(request.uri.path); allowed: \(allow)")
                    failure.headers[.allow] = allow
                    return failure
                }
                return APIFailure(.notFound, .notFound, "no route for \(request.method) \(request.uri.path)")
            case .methodNotAllowed:
                return APIFailure(.methodNotAllowed, .methodNotAllowed, "\(request.method) is not allowed on \(request.uri.path)")
            case let status where status.kind == .clientError:
                return APIFailure(status, .badRequest, error.body ?? status.reasonPhrase)
            default:
                return internalError(error, context: context)
            }
        case is HTTPParserError, is ChannelError, is IOError, is CancellationError:
            context.logger.info("the client went away mid-request", metadata: ["error": "\(error)"])
            return .badRequest(.truncatedBody, "the request ended early: the connection closed before its body was complete")
        default:
            return internalError(error, context: context)
        }
    }

    /// A real server fault: logged, with the request id, and answered without internals.
    private static func internalError(_ error: any Error, context: ServerContext) -> APIFailure {
        context.logger.error("internal error", metadata: ["error": "\(error)"])
        return APIFailure(.internalServerError, .internalError, "internal server error (request \(context.id))")
    }

    /// Whether the request carries a body the handler did not read to its end.
    static func leavesBodyUnread(_ request: Request, _ notes: RequestNotes) -> Bool {
        guard !notes.bodyConsumed else { return false }
        if request.headers[.transferEncoding] != nil { return true }
        return (request.headers[.contentLength].flatMap { Int64($0) } ?? 0) > 0
    }

    private static func extraHeaders(_ failure: APIFailure) -> HTTPFields {
        var headers = failure.headers
        switch failure.status {
        case .unauthorized: headers[.wwwAuthenticate] = "Bearer"
        case .serviceUnavailable: headers[.retryAfter] = "1"
        default: break
        }
        return headers
    }
}
