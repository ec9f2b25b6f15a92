import Logging
import NIOCore
import SQLiteKit

/// sqlite-kit's connection source, with every new connection set up for the records.
struct SQLiteRecordsConnectionSource: ConnectionPoolSource, Sendable {
    /// How long a connection waits for another's write lock before it fails with `SQLITE_BUSY`.
    static let busyTimeoutMilliseconds = 10_000

    /// Run on every new connection, in order:
    /// - `busy_timeout` first: it replaces SQLiteNIO's busy handler, which retries at once and
    ///   for ever, with SQLite's sleeping one that gives up after the timeout;
    /// - `journal_mode = WAL`: readers never block the writer nor it them, and a commit is one
    ///   append to the log (the mode is kept in the file; setting it again is a no-op);
    /// - `synchronous = FULL`: each commit syncs the log, so a row answered with 201 survives a
    ///   power loss too. `NORMAL` would survive a crash or SIGKILL but could lose the newest
    ///   commits to a power loss, leaving a client told "created" without a row; one more fsync per
    ///   upload costs little next to the artifact's own fsync.
    static let setup = [
        "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
    ]

    /// sqlite-kit's source for the database file.
    let base: SQLiteConnectionSource

    /// A new connection, set up; closed again when the setup fails. Futures throughout (the
    /// calls run on SQLiteNIO's thread pool), so opening a connection needs no task of its own.
    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            Self.setUp(connection).map { connection }.flatMapError { error in
                connection.close().flatMapThrowing { throw error }
            }
        }
    }

    /// Runs `setup` on `connection`, in order, and checks that WAL mode took.
    private static func setUp(_ connection: SQLiteConnection) -> EventLoopFuture<Void> {
        setup.reduce(connection.eventLoop.makeSucceededVoidFuture()) { previous, statement in
            previous.flatMap { connection.query(statement) }.flatMapThrowing { rows in
                if statement.contains("journal_mode"), let mode = rows.first?.column("journal_mode")?.string,
                   mode.lowercased() != "wal" {
                    throw RecordsQueryError("SQLite could not use WAL mode here (journal_mode is \(mode))")
                }
            }
        }
    }
}
