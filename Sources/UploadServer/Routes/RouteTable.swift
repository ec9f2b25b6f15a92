import HTTPTypes
import Hummingbird
import Synchronization

/// The server's routes, each path with the methods it serves, registered once. The error answers
/// ask it whether a path the router did not match under its method is served under another: then
/// the answer is 405 `method_not_allowed` with an `Allow` header (RFC 9110 §15.5.6), whatever the
/// method (`TRACE`, `QUERY`…), not the 404 of an unknown path.
final class RouteTable: Sendable {
    private let served = Mutex<[(segments: [Substring], methods: [HTTPRequest.Method])]>([])

    /// Serves `method` on `path` (`/ml/projects/:id/models`) with `handler`, through `router`.
    func add<Output: ResponseGenerator>(_ router: Router<ServerContext>, _ method: HTTPRequest.Method, _ path: String,
                                        _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Output) {
        router.on(RouterPath(path), method: method, use: handler)
        let segments = path.split(separator: "/")
        served.withLock { table in
            if let i = table.firstIndex(where: { $0.segments == segments }) {
                table[i].methods.append(method)
            } else {
                table.append((segments, [method]))
            }
        }
    }

    /// The methods served on `path` (a request's path, without its query), or nil for an unknown path.
    func methods(servedOn path: String) -> [HTTPRequest.Method]? {
        let parts = path.split(separator: "/")
        return served.withLock { table in
            table.first { entry in
                entry.segments.count == parts.count
                    && zip(entry.segments, parts).allSatisfy { pattern, part in pattern.hasPrefix(":") || pattern == part }
            }?.methods
        }
    }
}
