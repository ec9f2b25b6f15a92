import Logging
import UploadServer

/// The records and the artifact store a configuration names: SQLite records (`DIR/synap.sqlite`)
/// or PostgreSQL's, and local artifacts (`DIR/artifacts`).
enum EmbeddedStorage {
    static func open(_ config: ServerConfiguration, logger: Logger) throws -> (any ModelVersionRecords, any ArtifactStore) {
        let records: SQLModelVersionRecords
        switch config.database {
        case .embedded: records = try SQLModelVersionRecords(sqliteDirectory: config.dataFolder, logger: logger)
        case .postgres(let url): records = try SQLModelVersionRecords(postgresURL: url, logger: logger)
        }
        return (records, try LocalArtifactStore(directory: config.dataFolder))
    }
}
