import HTTPTypes
import Hummingbird
import ModelArtifact
import UploadRecords

/// Reading back: a project's model versions (newest first, paged), one version with its report,
/// and its file (with `Range` and an `ETag` of its SHA-256).
struct ModelRoutes: Sendable {
    let records: any ModelVersionRecords
    let store: any ArtifactStore

    /// The page size when `?limit=` is absent, and the largest one allowed.
    static let defaultLimit = 20
    static let maxLimit = 100

    /// `GET /ml/projects/{id}/models?limit=&offset=`.
    func list(_ request: Request, context: ServerContext) async throws -> Response {
        let projectID = try PathParameters.projectID(context)
        _ = try context.requireProject(projectID)
        let limit = try Self.query(request, "limit", default: Self.defaultLimit, range: 1...Self.maxLimit)
        let offset = try Self.query(request, "offset", default: 0, range: 0...Int(Int32.max))
        let page = try await records.list(projectID: projectID, limit: limit, offset: offset)
        let meta = APIMeta(count: Int64(page.versions.count), limit: Int64(limit), offset: Int64(offset), total: Int64(page.total))
        return JSONAnswer.success(.array(page.versions.map { ModelVersionView.json($0) }), meta: meta)
    }

    /// `GET /ml/projects/{id}/models/{model_id}`: the version and its full report.
    func detail(_ request: Request, context: ServerContext) async throws -> Response {
        JSONAnswer.success(ModelVersionView.json(try await version(context), withReport: true))
    }

    /// `GET /ml/projects/{id}/models/{model_id}/file`: the artifact's bytes.
    func file(_ request: Request, context: ServerContext) async throws -> Response {
        let version = try await version(context)
        guard let path = store.localPath(forKey: version.artifactKey) else {
            throw APIFailure(.notFound, .notFound, "model \(version.record.id ?? 0) is stored remotely: fetch \(version.record.artifactURI ?? "")")
        }
        var headers: HTTPFields = [
            .contentType: "application/octet-stream",
            .eTag: "\"\(version.sha256)\"",
            .acceptRanges: "bytes",
            .contentDisposition: "attachment; filename=\"\(version.record.id ?? 0).\(version.record.format ?? "bin")\"",
        ]
        let size = version.size
        switch ByteRange(header: request.headers[.range], size: size) {
        case .unsatisfiable:
            var failure = APIFailure(.rangeNotSatisfiable, .rangeNotSatisfiable, "the range is outside the file's \(size) bytes")
            failure.headers[.contentRange] = "bytes */\(size)"
            throw failure
        case .part(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            let body = try await FileIO().loadFile(path: path, range: Int(range.lowerBound)...Int(range.upperBound), context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        case .whole:
            let body = try await FileIO().loadFile(path: path, context: context)
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// The version `{model_id}` of project `{id}`, or 404.
    private func version(_ context: ServerContext) async throws -> StoredModelVersion {
        let projectID = try PathParameters.projectID(context)
        _ = try context.requireProject(projectID)
        let modelID = try PathParameters.modelID(context)
        guard let version = try await records.get(projectID: projectID, id: modelID) else {
            throw APIFailure(.notFound, .notFound, "project \(projectID) has no model \(modelID)")
        }
        return version
    }

    /// The query parameter `name` as an integer in `range`, `fallback` when absent; 400 otherwise.
    private static func query(_ request: Request, _ name: String, default fallback: Int, range: ClosedRange<Int>) throws(APIFailure) -> Int {
        guard let text = request.uri.queryParameters.get(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw .badRequest(.invalidParameter, "`\(name)` must be an integer from \(range.lowerBound) to \(range.upperBound)",
                              details: "got '\(text)'")
        }
        return value
    }
}

