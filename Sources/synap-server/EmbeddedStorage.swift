import Logging
import UploadServer

/// The embedded default: SQLite records and local artifacts in the data folder.
enum EmbeddedStorage {
    static func open(dataFolder: String, logger: Logger) async throws -> (any ModelVersionRecords, any ArtifactStore) {
        fatalError("wired once SQLiteModelVersionRecords and LocalArtifactStore are merged from server-data")
    }
}
