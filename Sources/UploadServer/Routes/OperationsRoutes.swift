import Hummingbird
import ModelArtifact
import NIOCore

/// `/healthz` (alive), `/readyz` (the database answers and the store is writable), `/metrics`
/// (Prometheus text) and `/openapi.json`; none needs a token.
struct OperationsRoutes: Sendable {
    let records: any ModelVersionRecords
    let store: any ArtifactStore
    let metrics: ServerMetrics

    func healthz(_ request: Request, context: ServerContext) -> Response {
        JSONAnswer.success(.object(["status": .string("ok")]))
    }

    func readyz(_ request: Request, context: ServerContext) async throws -> Response {
        do {
            try await records.ping()
        } catch {
            throw APIFailure(.serviceUnavailable, .unavailable, "the database does not answer", details: "\(error)")
        }
        guard await store.isWritable() else {
            throw APIFailure(.serviceUnavailable, .unavailable, "the artifact store is not writable")
        }
        return JSONAnswer.success(.object(["status": .string("ready")]))
    }

    func metrics(_ request: Request, context: ServerContext) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }

    func openAPI(_ request: Request, context: ServerContext) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
}
