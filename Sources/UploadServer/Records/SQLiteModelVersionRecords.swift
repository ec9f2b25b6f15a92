import Logging
import ModelArtifact
import NIOCore
import NIOPosix
import SQLiteKit

/// The embedded default's records: SQLite in `DIR/synap.sqlite`, in WAL mode, through sqlite-kit's
/// connections in an async-kit pool and SQLKit's queries (`SQLModelVersionTable`, shared with the
/// PostgreSQL records to come). SQLite calls run on an `NIOThreadPool`, never on an event loop.
public final class SQLiteModelVersionRecords: ModelVersionRecords {
    /// The database file's name in the data folder.
    public static let fileName = "synap.sqlite"

    /// The database file.
    public let databasePath: String
    private let pool: SQLConnectionPool<SQLiteRecordsConnectionSource>
    private let table = SQLModelVersionTable(dialect: SQLiteRecordsDialect())
    private let logger: Logger

    /// Opens (creating when missing) `directory/synap.sqlite`; connections open as requests need
    /// them, at most `connectionsPerEventLoop` on each of `eventLoopGroup`'s loops. Run `migrate()`
    /// before anything else.
    public init(directory: String, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                threadPool: NIOThreadPool = .singleton, connectionsPerEventLoop: Int = 2,
                logger: Logger = Logger(label: "synap.records")) throws {
        self.logger = logger
        databasePath = FolderListing.join(try LocalFolder.create(directory), Self.fileName)
        let source = SQLiteRecordsConnectionSource(base: SQLiteConnectionSource(
            configuration: SQLiteConfiguration(storage: .file(path: databasePath)), threadPool: threadPool))
        pool = SQLConnectionPool(
            pool: EventLoopGroupConnectionPool(source: source, maxConnectionsPerEventLoop: connectionsPerEventLoop,
                                               logger: logger, on: eventLoopGroup),
            logger: logger, sql: { $0.sql(queryLogLevel: .trace) })
    }

    public func migrate() async throws {
        for version in try await applyMigrations() {
            logger.info("applied a records migration", metadata: ["version": "\(version)", "database": "\(databasePath)"])
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

    /// The value of `PRAGMA name` on a pooled connection (to check the connections' setup).
    func setting<T: Decodable & Sendable>(_ name: String, as type: T.Type) async throws -> T? {
        try await pool.withDatabase { db in
            guard let row = try await db.raw("PRAGMA \(unsafeRaw: name)").first(), let column = row.allColumns.first else {
                return nil
            }
            return try row.decode(column: column, as: T.self)
        }
    }
}
