import ModelArtifact
import UploadRecords

/// The issues parsing `text` as a `T` gets, as `path: message` lines (empty when it is accepted).
func issueLines<T: JSONRecord>(_: T.Type, _ text: String) throws -> [String] {
    do {
        _ = try T(json: JSONParser.parse(bytes: Array(text.utf8)))
        return []
    } catch let failure as ValidationFailure {
        return failure.issues.map { "\($0.path): \($0.message)" }
    }
}
