import ModelArtifact

/// A record an upload API stores and answers with: it reads from and writes to JSON.
public protocol JSONRecord: Sendable, Equatable {
    /// Parses and validates the record; throws every issue at once.
    init(json: JSONValue) throws(ValidationFailure)
    /// The record's JSON, keys in schema order, absent members left out.
    var json: JSONValue { get }
}

/// `models.ModelVersion` (Acusight, seed `000_ba6d5ffc3872b3ee`): what `POST
/// /ml/projects/{id}/models/upload` stores for an uploaded model file. Every member is optional in
/// the schema; the server assigns `id` and the timestamps.
public struct ModelVersion: Codable, JSONRecord {
    /// Full S3 URI of the model file (`s3://model-artifacts/.../best.pt`).
    public var artifactURI: String?
    /// When it was created.
    public var createdAt: String?
    /// `pt`, `onnx`, `tflite` or `synap`.
    public var format: String?
    /// The record's id.
    public var id: Int64?
    /// True for a link to a global model (project 0) used in this project.
    public var isReference: Bool?
    /// The project.
    public var projectID: Int64?
    /// For exports, the model it was exported from; nil for trained and uploaded models.
    public var sourceModelVersionID: Int64?
    /// When it was last updated.
    public var updatedAt: String?
    /// The dataset version it belongs to; 0 for versionless uploads and exports.
    public var versionID: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case artifactURI = "artifact_uri"
        case createdAt = "created_at"
        case format
        case id
        case isReference = "is_reference"
        case projectID = "project_id"
        case sourceModelVersionID = "source_model_version_id"
        case updatedAt = "updated_at"
        case versionID = "version_id"
    }

    /// Creates a record.
    public init(artifactURI: String? = nil, createdAt: String? = nil, format: String? = nil, id: Int64? = nil,
                isReference: Bool? = nil, projectID: Int64? = nil, sourceModelVersionID: Int64? = nil,
                updatedAt: String? = nil, versionID: Int64? = nil) {
        self.artifactURI = artifactURI
        self.createdAt = createdAt
        self.format = format
        self.id = id
        self.isReference = isReference
        self.projectID = projectID
        self.sourceModelVersionID = sourceModelVersionID
        self.updatedAt = updatedAt
        self.versionID = versionID
    }

    /// The record an upload of a file of `format` creates, before the server assigns its id and
    /// timestamps: not a reference, no source model, version 0 when no dataset version is given.
    public static func uploaded(format: UploadFormat, projectID: Int64, versionID: Int64?, artifactURI: String?) -> ModelVersion {
        ModelVersion(artifactURI: artifactURI, format: format.rawValue, isReference: false, projectID: projectID,
                     versionID: versionID ?? 0)
    }

    /// Parses a record; unknown members are ignored (the schema does not forbid them), wrong types are issues.
    public init(json value: JSONValue) throws(ValidationFailure) {
        var issues: [ValidationIssue] = []
        guard var r = FieldReader(value, at: [], model: "ModelVersion", issues: &issues) else { throw ValidationFailure(issues) }
        self.init(artifactURI: r.string("artifact_uri", required: false), createdAt: r.string("created_at", required: false),
                  format: r.string("format", required: false), id: r.int("id", required: false),
                  isReference: r.bool("is_reference", required: false), projectID: r.int("project_id", required: false),
                  sourceModelVersionID: r.int("source_model_version_id", required: false),
                  updatedAt: r.string("updated_at", required: false), versionID: r.int("version_id", required: false))
        guard r.issues.isEmpty else { throw ValidationFailure(r.issues) }
    }

    /// The record's JSON, keys in schema order, absent members left out.
    public var json: JSONValue {
        var o = JSONObject()
        if let artifactURI { o.append("artifact_uri", .string(artifactURI)) }
        if let createdAt { o.append("created_at", .string(createdAt)) }
        if let format { o.append("format", .string(format)) }
        if let id { o.append("id", .int(id)) }
        if let isReference { o.append("is_reference", .bool(isReference)) }
        if let projectID { o.append("project_id", .int(projectID)) }
        if let sourceModelVersionID { o.append("source_model_version_id", .int(sourceModelVersionID)) }
        if let updatedAt { o.append("updated_at", .string(updatedAt)) }
        if let versionID { o.append("version_id", .int(versionID)) }
        return .object(o)
    }
}
