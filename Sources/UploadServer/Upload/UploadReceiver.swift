import Crypto
import ModelArtifact
import NIOCore
import UploadRecords

/// The form of one upload as its parts stream in: the `name` and `version_id` fields, and the
/// `model_file` part, held back until the gate decides, then written to a temporary object in the
/// store with its SHA-256 and size computed on the way.
final class UploadReceiver {
    /// The longest `name` accepted.
    static let maxNameBytes = 1024
    /// The longest `version_id` text accepted.
    static let maxVersionBytes = 20

    /// What a complete form gave.
    struct Received {
        var name: String
        var versionID: Int64
        var fileName: String
        var format: UploadFormat
        var upload: any ArtifactUpload
        var sha256: String
        var size: Int64
    }

    private enum Part {
        case name, versionID, modelFile, ignored
    }

    private let store: any ArtifactStore
    private let records: any ModelVersionRecords
    private let projectID: Int64
    private let notes: RequestNotes

    private var part: Part?
    private var text: [UInt8] = []
    private var name: String?
    private var versionID: Int64?
    private var fileName: String?
    private var fileComplete = false
    private var prefix = ByteBuffer()
    private var format: UploadFormat?
    private var upload: (any ArtifactUpload)?
    private var hasher = SHA256()
    private var size: Int64 = 0
    /// The file's bytes received but not yet written: slices of the network reads, written to the
    /// store together once they reach `writeBatch` bytes (and when the part ends).
    private var pending: [ByteBuffer] = []
    private var pendingBytes = 0
    /// How many bytes of the file are handed to the store at once.
    static let writeBatch = 1 << 20

    init(store: any ArtifactStore, records: any ModelVersionRecords, projectID: Int64, notes: RequestNotes) {
        self.store = store
        self.records = records
        self.projectID = projectID
        self.notes = notes
    }

    /// Whether `model_file`'s first bytes passed the gate (its format is known).
    var gatePassed: Bool { format != nil }

    /// Takes the next event of the form.
    func handle(_ event: FormEvent) async throws {
        switch event {
        case .partStart(let headers):
            try start(headers)
        case .body(let buffer):
            try await body(buffer)
        case .partEnd:
            try await end()
        }
    }

    /// The complete form; throws 400 `missing_field` when `name` or `model_file` is absent.
    func finish() throws -> Received {
        guard let name else { throw APIFailure.badRequest(.missingField, "the form field `name` is required") }
        guard let fileName, fileComplete, let format, let upload else {
            throw APIFailure.badRequest(.missingField, "the form field `model_file` (the model file) is required")
        }
        return Received(name: name, versionID: versionID ?? 0, fileName: fileName, format: format, upload: upload,
                        sha256: HexText.lowercase(hasher.finalize()), size: size)
    }

    /// Throws the temporary object away, if one was begun.
    func abort() async {
        await upload?.abort()
        upload = nil
    }

    private func start(_ headers: [(name: String, value: String)]) throws {
        guard let disposition = headers.last(where: { $0.name.lowercased() == "content-disposition" }) else {
            throw APIFailure.badRequest(.malformedMultipart, "a part has no Content-Disposition header")
        }
        let parameters = HeaderParameters(disposition.value)
        guard parameters.token == "form-data", let field = parameters["name"] else {
            throw APIFailure.badRequest(.malformedMultipart, "a part's Content-Disposition is not `form-data; name=\"…\"`")
        }
        text = []
        switch field {
        case "name":
            part = .name
        case "version_id":
            part = .versionID
        case "model_file":
            guard fileName == nil else {
                throw APIFailure.badRequest(.duplicateFile, "the form holds more than one `model_file`: upload one file per request")
            }
            part = .modelFile
            fileName = parameters["filename"] ?? ""
        default:
            part = .ignored
        }
    }

    private func body(_ buffer: ByteBuffer) async throws {
        switch part {
        case .name?:
            try appendText(buffer, limit: Self.maxNameBytes, field: "name")
        case .versionID?:
            try appendText(buffer, limit: Self.maxVersionBytes, field: "version_id")
        case .modelFile?:
            if format == nil {
                prefix.writeImmutableBuffer(buffer)
                if prefix.readableBytes >= UploadGate.prefixLength { try await passGate(totalSize: nil) }
            } else {
                try await write(buffer)
            }
        case .ignored?, nil:
            break
        }
    }

    private func end() async throws {
        switch part {
        case .name?:
            guard let value = String(validating: text, as: UTF8.self), value.contains(where: { !$0.isWhitespace }) else {
                throw APIFailure.badRequest(.invalidField, "`name` must be non-empty UTF-8 text")
            }
            name = value
        case .versionID?:
            let value = String(decoding: text, as: UTF8.self)
            guard let id = Int64(value), id >= 0 else {
                throw APIFailure.badRequest(.invalidField, "`version_id` must be an integer, 0 or more", details: "got '\(value)'")
            }
            if id != 0, try await records.versionExists(projectID: projectID, versionID: id) {
                throw APIFailure.versionExists(projectID: projectID, versionID: id)
            }
            versionID = id
        case .modelFile?:
            if format == nil { try await passGate(totalSize: prefix.readableBytes) }
            try await flush()
            fileComplete = true
        case .ignored?, nil:
            break
        }
        part = nil
    }

    private func appendText(_ buffer: ByteBuffer, limit: Int, field: String) throws {
        guard text.count + buffer.readableBytes <= limit else {
            throw APIFailure.badRequest(.invalidField, "`\(field)` is longer than \(limit) bytes")
        }
        text += buffer.readableBytesView
    }

    /// Runs the gate on the held-back prefix; on a pass, begins the temporary object and writes it.
    private func passGate(totalSize: Int?) async throws {
        let (detected, decision) = UploadGate.decide(prefix: prefix.readableBytesView.prefix(UploadGate.prefixLength),
                                                     fileName: fileName ?? "", totalSize: totalSize)
        switch decision {
        case .failure(let failure):
            notes.upload(format: detected.rawValue, verdict: nil)
            throw failure
        case .success(let accepted):
            notes.upload(format: accepted.rawValue, verdict: nil)
            format = accepted
            upload = try await store.begin()
            let held = prefix
            prefix = ByteBuffer()
            try await write(held)
        }
    }

    private func write(_ buffer: ByteBuffer) async throws {
        guard upload != nil else { return }
        buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        size += Int64(buffer.readableBytes)
        pending.append(buffer)
        pendingBytes += buffer.readableBytes
        if pendingBytes >= Self.writeBatch { try await flush() }
    }

    private func flush() async throws {
        guard let upload, !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        pendingBytes = 0
        try await upload.write(batch)
    }
}

extension APIFailure {
    /// 400 `version_exists`.
    static func versionExists(projectID: Int64, versionID: Int64) -> APIFailure {
        .badRequest(.versionExists, "project \(projectID) already has a model for version_id \(versionID)")
    }
}
