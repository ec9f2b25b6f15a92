import ModelArtifact
import UploadRecords

/// How a stored model version is answered: the seed's nine `ModelVersion` keys (with
/// `source_model_version_id: null` when unset), then our own: `name`, `sha256`, `size`, `verdict`
/// (null for formats that hold no pickle), and on the detail route the full `report`.
enum ModelVersionView {
    /// The JSON of `version`; `withReport` adds its report (the detail route).
    static func json(_ version: StoredModelVersion, withReport: Bool = false) -> JSONValue {
        var o = version.record.json.objectValue ?? JSONObject()
        if version.record.sourceModelVersionID == nil { o.append("source_model_version_id", .null) }
        o.append("name", .string(version.name))
        o.append("sha256", .string(version.sha256))
        o.append("size", .int(version.size))
        o.append("verdict", version.verdict.map { .string($0.rawValue) } ?? .null)
        if withReport {
            let report = try? JSONParser.parse(bytes: Array(version.reportJSON.utf8), name: "report", what: "report JSON")
            o.append("report", report ?? .null)
        }
        return .object(o)
    }
}
