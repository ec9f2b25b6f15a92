/// What differs between the SQL databases the records run on (SQLite in the embedded default,
/// PostgreSQL at scale): the one small place for it. Everything else — the schema's columns and index,
/// every query — is shared SQL through SQLKit, whose dialect already writes bind placeholders,
/// quoting and `RETURNING` for each database.
protocol RecordsSQLDialect: Sendable {
    /// The column definition of `id`: assigned on insert, increasing, never reused (SQLite
    /// `INTEGER PRIMARY KEY AUTOINCREMENT`; PostgreSQL `BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY`).
    var identityColumn: String { get }
    /// The statements that open a migration's transaction, locking out a second migrator until it
    /// commits (SQLite `BEGIN IMMEDIATE`; PostgreSQL `BEGIN` and `LOCK TABLE schema_migrations`).
    var beginMigration: [String] { get }
    /// Whether `error`, thrown by a write, is a unique-constraint violation.
    func isUniqueViolation(_ error: any Error) -> Bool
}
