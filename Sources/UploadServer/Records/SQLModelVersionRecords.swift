import Logging
import ModelArtifact
import NIOCore
import NIOPosix
import PostgresKit
import SQLiteKit

/// The records in a SQL database through SQLKit: the embedded default's SQLite file
/// (`init(sqliteDirectory:)`), or a PostgreSQL server shared by several instances
/// (`init(postgresURL:)`). Both run the same queries (`SQLModelVersionTable`) over an async-kit pool
/// of connections (one small pool per event loop); only how a connection is made, and the
/// `RecordsSQLDialect`, differ.
public final class SQLModelVersionRecords: ModelVersionRecords {
    /// The SQLite database file's name in the data folder.
    public static let sqliteFileName = "synap.sqlite"

    /// Where the records are, for logs: the SQLite file, or the PostgreSQL URL without its password.
    public let location: String
    private let pool: any SQLDatabasePool
    private let table: SQLModelVersionTable
    private let logger: Logger

    private init(location: String, pool: any SQLDatabasePool, dialect: any RecordsSQLDialect, logger: Logger) {
        self.location = location
        self.pool = pool
        self.table = SQLModelVersionTable(dialect: dialect)
        self.logger = logger
    }

    /// SQLite in `directory/synap.sqlite` (created when missing), in WAL mode; SQLite calls run on
    /// an `NIOThreadPool`, never on an event loop. Connections open as requests need them, at most
    /// `connectionsPerEventLoop` on each of `eventLoopGroup`'s loops. Run `migrate()` first.
    public convenience init(sqliteDirectory directory: String, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            threadPool: NIOThreadPool = .singleton, connectionsPerEventLoop: Int = 2,
                            logger: Logger = Logger(label: "synap.records")) throws {
        let path = FolderListing.join(try LocalFolder.create(directory), Self.sqliteFileName)
        let source = SQLiteRecordsConnectionSource(base: SQLiteConnectionSource(
            configuration: SQLiteConfiguration(storage: .file(path: path)), threadPool: threadPool))
        let pool = SQLConnectionPool(
            pool: EventLoopGroupConnectionPool(source: source, maxConnectionsPerEventLoop: connectionsPerEventLoop,
                                               logger: logger, on: eventLoopGroup),
            logger: logger, sql: { $0.sql(queryLogLevel: .trace) })
        self.init(location: path, pool: pool, dialect: SQLiteRecordsDialect(), logger: logger)
    }

    /// PostgreSQL at `url` (`postgres://user[:password]@host[:port]/database[?sslmode=…]`), the
    /// database shared by every instance; the tables in `schema` when given (else the user's
    /// `search_path`). Run `migrate()` first (several instances may at once).
    public convenience init(postgresURL url: String, schema: String? = nil,
                            eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            connectionsPerEventLoop: Int = 4, logger: Logger = Logger(label: "synap.records")) throws {
        var configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
            if let schema { configuration.searchPath = [schema] }
        } catch {
            throw RecordsConfigurationError("\(PostgresLocation.redacted(url)) is not a PostgreSQL URL (postgres://user@host:port/database)")
        }
        let pool = SQLConnectionPool(
            pool: EventLoopGroupConnectionPool(source: PostgresConnectionSource(sqlConfiguration: configuration),
                                               maxConnectionsPerEventLoop: connectionsPerEventLoop, logger: logger, on: eventLoopGroup),
            logger: logger, sql: { $0.sql(queryLogLevel: .trace) })
        self.init(location: PostgresLocation.redacted(url), pool: pool, dialect: PostgresRecordsDialect(), logger: logger)
    }

    public func migrate() async throws {
        for version in try await applyMigrations() {
            logger.info("applied a records migration", metadata: ["version": "\(version)", "database": "\(location)"])
        }
    }

    /// Applies the migrations not yet applied; returns their versions.
    func applyMigrations() async throws -> [Int64] {
        try await pool.withDatabase { try await table.migrate(on: $0) }
    }

    public func insert(_ version: NewModelVersion) async throws -> StoredModelVersion {
        try await pool.withDatabase { try await table.insert(version, on: $0) }
    }

    public func versionExists(projectID: Int64, versionID: Int64) async throws -> Bool {
        try await pool.withDatabase { try await table.versionExists(projectID: projectID, versionID: versionID, on: $0) }
    }

    public func list(projectID: Int64, limit: Int, offset: Int) async throws -> (versions: [StoredModelVersion], total: Int) {
        try await pool.withDatabase { try await table.list(projectID: projectID, limit: limit, offset: offset, on: $0) }
    }

    public func get(projectID: Int64, id: Int64) async throws -> StoredModelVersion? {
        try await pool.withDatabase { try await table.get(projectID: projectID, id: id, on: $0) }
    }

    public func artifactKeys() async throws -> Set<String> {
        try await pool.withDatabase { try await table.artifactKeys(on: $0) }
    }

    public func ping() async throws {
        try await pool.withDatabase { try await table.ping(on: $0) }
    }

    public func shutdown() async throws {
        try await pool.shutdown()
    }

    /// Runs `body` on one pooled connection (tests look at a connection's settings with it).
    func withDatabase<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await pool.withDatabase(body)
    }
}

/// A records setting that cannot be used (a malformed database URL).
public struct RecordsConfigurationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
