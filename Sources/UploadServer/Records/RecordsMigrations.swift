/// The records' schema, as numbered migrations: each runs once, in order, in its own transaction,
/// and is recorded in `schema_migrations`. A migration, once released, is never edited; a change is
/// a new one. The SQL is written to run on SQLite and PostgreSQL alike; what differs comes from the
/// dialect.
struct RecordsMigration: Sendable {
    /// Its number in `schema_migrations.version`.
    let version: Int64
    /// What it does, for the log.
    let summary: String
    /// Its statements, in order.
    let statements: @Sendable (any RecordsSQLDialect) -> [String]
}

extension RecordsMigration {
    /// The table of applied migrations, created before any runs.
    static let ledger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            applied_at TEXT NOT NULL
        )
        """

    /// Every migration, oldest first.
    static let all: [RecordsMigration] = [
        RecordsMigration(version: 1, summary: "model_versions, its unique (project_id, version_id) index") { dialect in
            [
                """
                CREATE TABLE model_versions (
                    id \(dialect.identityColumn),
                    project_id BIGINT NOT NULL,
                    version_id BIGINT NOT NULL,
                    format TEXT NOT NULL,
                    artifact_uri TEXT NOT NULL,
                    is_reference BOOLEAN NOT NULL,
                    source_model_version_id BIGINT,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    name TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    verdict TEXT,
                    artifact_key TEXT NOT NULL UNIQUE,
                    report_json TEXT NOT NULL
                )
                """,
                // The seed's rule: one model per dataset version; version 0 means "none" and repeats.
                // This index, not a check before the insert, decides a race between two uploads.
                """
                CREATE UNIQUE INDEX model_versions_project_version
                    ON model_versions (project_id, version_id) WHERE version_id <> 0
                """,
                // A project's list, newest first.
                "CREATE INDEX model_versions_project_id ON model_versions (project_id, id)",
            ]
        },
    ]
}
