import ModelArtifact
import UploadRecords

/// A `models.ModelVersion` row as the server keeps it: the seed's record plus our own columns.
public struct StoredModelVersion: Sendable, Equatable {
    /// The seed's nine members (id, project_id, version_id, format, artifact_uri, is_reference,
    /// source_model_version_id, created_at, updated_at), all set.
    public var record: ModelVersion
    /// The display name the upload gave (`name`).
    public var name: String
    /// The artifact's SHA-256, hex.
    public var sha256: String
    /// The artifact's size in bytes.
    public var size: Int64
    /// The pickle verdict (`safe`), or nil for formats that hold no pickle.
    public var verdict: PickleVerdict?
    /// Where the artifact lies in the store (the key the store was given on commit).
    public var artifactKey: String
    /// The full report (`synap-tool.report/1`) as JSON text, for the detail route.
    public var reportJSON: String

    /// Creates a stored version.
    public init(record: ModelVersion, name: String, sha256: String, size: Int64, verdict: PickleVerdict?,
                artifactKey: String, reportJSON: String) {
        self.record = record
        self.name = name
        self.sha256 = sha256
        self.size = size
        self.verdict = verdict
        self.artifactKey = artifactKey
        self.reportJSON = reportJSON
    }
}

/// What an accepted upload asks the records to write; the records assign `id`, `created_at` and
/// `updated_at`.
public struct NewModelVersion: Sendable, Equatable {
    public var projectID: Int64
    /// 0 when the upload gave none (the seed reserves 0 for "no dataset version").
    public var versionID: Int64
    public var format: UploadFormat
    public var artifactURI: String
    public var artifactKey: String
    public var name: String
    public var sha256: String
    public var size: Int64
    public var verdict: PickleVerdict?
    public var reportJSON: String

    /// Creates the request for a row.
    public init(projectID: Int64, versionID: Int64, format: UploadFormat, artifactURI: String, artifactKey: String,
                name: String, sha256: String, size: Int64, verdict: PickleVerdict?, reportJSON: String) {
        self.projectID = projectID
        self.versionID = versionID
        self.format = format
        self.artifactURI = artifactURI
        self.artifactKey = artifactKey
        self.name = name
        self.sha256 = sha256
        self.size = size
        self.verdict = verdict
        self.reportJSON = reportJSON
    }
}
