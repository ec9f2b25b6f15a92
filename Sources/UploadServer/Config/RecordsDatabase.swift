/// Where the records are.
public enum RecordsDatabase: Sendable, Equatable {
    /// SQLite in the data folder (`synap.sqlite`): the embedded default, one instance.
    case embedded
    /// A PostgreSQL server (`postgres://user@host:port/database`), shared by several instances.
    case postgres(url: String)

    /// The database a `--database` value names: a `postgres://` or `postgresql://` URL.
    public init?(url: String) {
        let lower = url.lowercased()
        guard lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") else { return nil }
        self = .postgres(url: url)
    }
}
