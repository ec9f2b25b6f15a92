import SQLKit
import UploadRecords

/// The records' SQL, written once over SQLKit for every database the records run on; a database's
/// differences come from its `RecordsSQLDialect`. Each method runs on the one connection it is given.
struct SQLModelVersionTable: Sendable {
    /// The database's differences.
    let dialect: any RecordsSQLDialect

    private typealias Column = ModelVersionRow.CodingKeys
    private static let table = ModelVersionRow.table

    /// Applies every migration not yet applied, each in its own transaction; returns the versions
    /// it applied (none when the schema is current).
    func migrate(on db: any SQLDatabase) async throws -> [Int64] {
        var applied: [Int64] = []
        for migration in RecordsMigration.all {
            let ran = try await transaction(on: db, opening: dialect.beginMigration) { db in
                // The ledger too is made under the lock: PostgreSQL's CREATE TABLE IF NOT EXISTS
                // is not safe against a second one running at the same moment.
                try await db.raw(SQLQueryString(RecordsMigration.ledger)).run()
                // Read inside the transaction: a migrator that waited for another sees its work.
                let done = try await db.select().column("version").from("schema_migrations")
                    .where("version", .equal, migration.version).first() != nil
                guard !done else { return false }
                for statement in migration.statements(dialect) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.insert(into: "schema_migrations").columns("version", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(RFC3339Timestamp.now())).run()
                return true
            }
            if ran { applied.append(migration.version) }
        }
        return applied
    }

    /// Inserts a row; the unique index on (project_id, version_id) turns a second row for a
    /// non-zero version into `RecordsError.versionExists`.
    func insert(_ new: NewModelVersion, on db: any SQLDatabase) async throws -> StoredModelVersion {
        var row = ModelVersionRow(new, timestamp: RFC3339Timestamp.now())
        do {
            row.id = try await db.insert(into: Self.table).model(row).returning(Column.id.rawValue)
                .first(decodingColumn: Column.id.rawValue, as: Int64.self)
        } catch where dialect.isUniqueViolation(error) {
            // The index named the conflict; `artifact_key` is unique too, but its keys are the
            // server's own, so only a row for this version makes this the client's conflict.
            if try await versionExists(projectID: new.projectID, versionID: new.versionID, on: db) {
                throw RecordsError.versionExists(projectID: new.projectID, versionID: new.versionID)
            }
            throw error
        }
        guard row.id != nil else { throw RecordsQueryError("the insert returned no id") }
        return row.stored
    }

    /// Whether the project has a row for `versionID`; never for version 0.
    func versionExists(projectID: Int64, versionID: Int64, on db: any SQLDatabase) async throws -> Bool {
        guard versionID != 0 else { return false }
        return try await db.select().column(Column.id.rawValue).from(Self.table)
            .where(Column.projectID.rawValue, .equal, projectID)
            .where(Column.versionID.rawValue, .equal, versionID)
            .limit(1).first() != nil
    }

    /// A page of the project's rows, newest first, and how many it has in all.
    func list(projectID: Int64, limit: Int, offset: Int, on db: any SQLDatabase) async throws
        -> (versions: [StoredModelVersion], total: Int) {
        let total = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total")
            .from(Self.table).where(Column.projectID.rawValue, .equal, projectID)
            .first(decodingColumn: "total", as: Int.self) ?? 0
        let rows = try await db.select().columns(ModelVersionRow.columns).from(Self.table)
            .where(Column.projectID.rawValue, .equal, projectID)
            .orderBy(Column.id.rawValue, .descending)
            .limit(max(0, limit)).offset(max(0, offset))
            .all(decoding: ModelVersionRow.self)
        return (rows.map(\.stored), total)
    }

    /// The project's row `id`, or nil.
    func get(projectID: Int64, id: Int64, on db: any SQLDatabase) async throws -> StoredModelVersion? {
        try await db.select().columns(ModelVersionRow.columns).from(Self.table)
            .where(Column.projectID.rawValue, .equal, projectID)
            .where(Column.id.rawValue, .equal, id)
            .first(decoding: ModelVersionRow.self)?.stored
    }

    /// Every artifact key a row names.
    func artifactKeys(on db: any SQLDatabase) async throws -> Set<String> {
        Set(try await db.select().column(Column.artifactKey.rawValue).from(Self.table)
            .all(decodingColumn: Column.artifactKey.rawValue, as: String.self))
    }

    /// A query that only succeeds when the database answers.
    func ping(on db: any SQLDatabase) async throws {
        try await db.raw("SELECT 1").run()
    }

    /// Runs `body` between the `opening` statements and `COMMIT`, or rolls back when it throws.
    private func transaction<T>(on db: any SQLDatabase, opening: [String],
                                _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        for statement in opening { try await db.raw(SQLQueryString(statement)).run() }
        do {
            let result = try await body(db)
            try await db.raw("COMMIT").run()
            return result
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }
}

/// A database answered in a way the records cannot use (a server fault, not the client's).
struct RecordsQueryError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
