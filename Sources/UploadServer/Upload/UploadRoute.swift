#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import ModelArtifact
import UploadRecords

/// `POST /ml/projects/{id}/models/upload`: the form streams in through the gate, the whole file is
/// judged, and an accepted file is committed under its key and recorded, atomically.
struct UploadRoute: Sendable {
    let records: any ModelVersionRecords
    let store: any ArtifactStore
    let metrics: ServerMetrics
    let maxUploadSize: Int64
    let slots: UploadSlots
    /// A fresh pace for each upload's body.
    let pace: @Sendable () -> UploadPace

    func handle(_ request: Request, context: ServerContext) async throws -> Response {
        let projectID = try PathParameters.projectID(context)
        _ = try context.requireProject(projectID)
        guard slots.acquire() else {
            throw APIFailure(.serviceUnavailable, .busy, "the server is receiving its maximum number of uploads: retry shortly")
        }
        defer { slots.release() }
        if let length = request.headers[.contentLength].flatMap({ Int64($0) }), length > maxUploadSize {
            throw tooLarge()
        }
        let boundary = try FormBoundary.of(contentType: request.headers[.contentType])
        let start = ContinuousClock.now
        let window = await BodyReadWindowHandle.on(context.channel)
        let received = try await receive(request.body, boundary: boundary, projectID: projectID, notes: context.notes, window: window)
        let stored = try await judgeAndRecord(received, projectID: projectID, notes: context.notes)
        metrics.uploaded(format: stored.record.format ?? "", verdict: stored.verdict?.rawValue, duration: ContinuousClock.now - start)
        return JSONAnswer.success(ModelVersionView.json(stored), status: .created)
    }

    /// Streams the body through the multipart parser into the store; on any failure (a refusal,
    /// a client gone, a full disk) the temporary object is thrown away.
    /// Until the gate has passed, the connection reads one chunk ahead of what was taken (`window`).
    private func receive(_ body: RequestBody, boundary: String, projectID: Int64, notes: RequestNotes,
                         window: BodyReadWindowHandle?) async throws -> UploadReceiver.Received {
        let feed = MultipartFeed(boundary: boundary)
        let receiver = UploadReceiver(store: store, records: records, projectID: projectID, notes: notes)
        var total: Int64 = 0
        var pace = pace()
        var windowLifted = false
        defer { metrics.received(bytes: total) }
        do {
            for try await chunk in body {
                try pace.received(chunk.readableBytes)
                total += Int64(chunk.readableBytes)
                notes.read(chunk.readableBytes)
                guard total <= maxUploadSize else { throw tooLarge() }
                for event in try feed.feed(chunk) { try await receiver.handle(event) }
                if !windowLifted {
                    windowLifted = receiver.gatePassed
                    window?.allow(upTo: windowLifted ? nil : Int(total))
                }
            }
            notes.consumedBody()
            try feed.finish()
            return try receiver.finish()
        } catch {
            await receiver.abort()
            throw error
        }
    }

    /// Judges the received file, then commits it under `<project>/<uuid>.<ext>` and writes its row;
    /// a refused file is thrown away, and a committed one whose row cannot be written is removed.
    private func judgeAndRecord(_ received: UploadReceiver.Received, projectID: Int64, notes: RequestNotes) async throws -> StoredModelVersion {
        let upload = received.upload
        let key = "\(projectID)/\(UUID().uuidString.lowercased()).\(received.format.rawValue)"
        let accepted: UploadJudgement.Accepted
        do {
            accepted = try await UploadJudgement.judge(path: upload.temporaryPath, fileName: received.fileName, notes: notes)
            try await upload.commit(key: key)
        } catch {
            await upload.abort()
            throw error
        }
        let row = NewModelVersion(projectID: projectID, versionID: received.versionID, format: received.format,
                                  artifactURI: store.uri(forKey: key), artifactKey: key, name: received.name,
                                  sha256: received.sha256, size: received.size, verdict: accepted.verdict,
                                  reportJSON: JSONWriter.string(accepted.report.json, style: .compact))
        do {
            return try await records.insert(row)
        } catch {
            try? await store.remove(key: key)
            if case RecordsError.versionExists(let project, let version) = error {
                throw APIFailure.versionExists(projectID: project, versionID: version)
            }
            throw error
        }
    }

    private func tooLarge() -> APIFailure {
        APIFailure(.contentTooLarge, .tooLarge, "the upload is larger than this server's limit of \(ByteSize(bytes: maxUploadSize))")
    }
}
