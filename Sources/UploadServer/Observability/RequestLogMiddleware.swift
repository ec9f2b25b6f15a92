import Hummingbird
import Logging

/// Writes one structured line per request, after its answer: the request id (Hummingbird's
/// `hb.request.id`), method, path, status, body bytes read and written, milliseconds, and for
/// uploads the format and verdict.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status.code, bytesOut: response.body.contentLength, since: start)
            return response
        } catch {
            log(request, context, status: 500, bytesOut: nil, since: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: ServerContext, status: Int, bytesOut: Int?, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.nanoseconds) / 1_000_000
        var metadata: Logger.Metadata = [
            "method": "\(request.method)",
            "path": "\(request.uri.path)",
            "status": "\(status)",
            "bytes_in": "\(context.notes.bytesRead)",
            "ms": "\((ms * 10).rounded() / 10)",
        ]
        if let bytesOut { metadata["bytes_out"] = "\(bytesOut)" }
        if let format = context.notes.format { metadata["format"] = "\(format)" }
        if let verdict = context.notes.verdict { metadata["verdict"] = "\(verdict)" }
        context.logger.info("request", metadata: metadata)
    }
}
