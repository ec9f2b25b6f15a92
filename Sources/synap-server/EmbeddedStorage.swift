import Logging
import UploadServer

/// The embedded default: SQLite records (`DIR/synap.sqlite`) and local artifacts (`DIR/artifacts`).
enum EmbeddedStorage {
    static func open(dataFolder: String, logger: Logger) throws -> (any ModelVersionRecords, any ArtifactStore) {
        (try SQLiteModelVersionRecords(directory: dataFolder, logger: logger), try LocalArtifactStore(directory: dataFolder))
    }
}
