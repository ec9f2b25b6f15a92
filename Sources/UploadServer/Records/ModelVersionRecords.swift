/// Where `ModelVersion` rows live: SQLite in the embedded default, PostgreSQL at scale, behind this
/// one interface. Every method is safe to call from many requests at once.
public protocol ModelVersionRecords: Sendable {
    /// Creates or upgrades the schema (idempotent; run at start).
    func migrate() async throws
    /// Writes a row, atomically. Throws `RecordsError.versionExists` when the project already has a
    /// row with the same non-zero `version_id` (the seed's unique index decides races).
    func insert(_ version: NewModelVersion) async throws -> StoredModelVersion
    /// Whether the project has a row with `versionID` (≠ 0); a quick check before storing, the
    /// unique index still decides.
    func versionExists(projectID: Int64, versionID: Int64) async throws -> Bool
    /// A page of the project's rows, newest first, and the total count.
    func list(projectID: Int64, limit: Int, offset: Int) async throws -> (versions: [StoredModelVersion], total: Int)
    /// One row of the project, or nil.
    func get(projectID: Int64, id: Int64) async throws -> StoredModelVersion?
    /// Every artifact key a row names (for removing artifacts a crash left without a row).
    func artifactKeys() async throws -> Set<String>
    /// Answers when the database does (for `/readyz`).
    func ping() async throws
    /// Closes connections (at shutdown, after in-flight requests).
    func shutdown() async throws
}

/// Why the records refused a write.
public enum RecordsError: Error, Sendable, Equatable {
    /// The project already has a row for this non-zero `version_id`.
    case versionExists(projectID: Int64, versionID: Int64)
}
