import ModelArtifact
import UploadRecords

/// One row of the `model_versions` table, column for column: the one place the columns are named
/// for reading and writing (the schema is in `RecordsMigrations`). SQLKit encodes it for an
/// insert (members that are nil are left out, so the database assigns `id`) and decodes it from a
/// select.
struct ModelVersionRow: Codable, Sendable {
    /// The table.
    static let table = "model_versions"

    var id: Int64?
    var projectID: Int64
    var versionID: Int64
    var format: UploadFormat
    var artifactURI: String
    var isReference: Bool
    var sourceModelVersionID: Int64?
    var createdAt: String
    var updatedAt: String
    var name: String
    var sha256: String
    var size: Int64
    var verdict: PickleVerdict?
    var artifactKey: String
    var reportJSON: String

    /// The columns, as the table names them.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case projectID = "project_id"
        case versionID = "version_id"
        case format
        case artifactURI = "artifact_uri"
        case isReference = "is_reference"
        case sourceModelVersionID = "source_model_version_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case name, sha256, size, verdict
        case artifactKey = "artifact_key"
        case reportJSON = "report_json"
    }

    /// Every column's name, in table order (for a select).
    static var columns: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// The row an upload asks for, created and updated at `timestamp`, before the database gives its id.
    init(_ new: NewModelVersion, timestamp: String) {
        let record = ModelVersion.uploaded(format: new.format, projectID: new.projectID, versionID: new.versionID,
                                           artifactURI: new.artifactURI)
        id = nil
        projectID = new.projectID
        versionID = new.versionID
        format = new.format
        artifactURI = new.artifactURI
        isReference = record.isReference ?? false
        sourceModelVersionID = record.sourceModelVersionID
        createdAt = timestamp
        updatedAt = timestamp
        name = new.name
        sha256 = new.sha256
        size = new.size
        verdict = new.verdict
        artifactKey = new.artifactKey
        reportJSON = new.reportJSON
    }

    /// The stored version this row holds (its `id` set).
    var stored: StoredModelVersion {
        StoredModelVersion(
            record: ModelVersion(artifactURI: artifactURI, createdAt: createdAt, format: format.rawValue, id: id,
                                 isReference: isReference, projectID: projectID,
                                 sourceModelVersionID: sourceModelVersionID, updatedAt: updatedAt, versionID: versionID),
            name: name, sha256: sha256, size: size, verdict: verdict, artifactKey: artifactKey, reportJSON: reportJSON)
    }
}
