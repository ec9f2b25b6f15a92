import AsyncKit
import Logging
import SQLKit
import Synchronization

/// One connection of a database at a time, for the length of a closure: what the records need of a
/// pool, whatever makes its connections.
protocol SQLDatabasePool: Sendable {
    func withDatabase<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    func shutdown() async throws
}

/// async-kit's pool of connections (one small pool per event loop), for async callers that want
/// one `SQLDatabase` connection for the length of a closure.
///
/// `@unchecked Sendable`: `EventLoopGroupConnectionPool` is thread-safe (its shutdown flag is under
/// a lock; each event loop's pool only runs on its loop) but does not say so.
final class SQLConnectionPool<Source: ConnectionPoolSource>: SQLDatabasePool, @unchecked Sendable where Source.Connection: Sendable {
    private let pool: EventLoopGroupConnectionPool<Source>
    private let sql: @Sendable (Source.Connection) -> any SQLDatabase
    private let logger: Logger
    private let closed = Atomic(false)

    /// A pool of `source`'s connections, seen through `sql`.
    init(pool: EventLoopGroupConnectionPool<Source>, logger: Logger,
         sql: @escaping @Sendable (Source.Connection) -> any SQLDatabase) {
        self.pool = pool
        self.sql = sql
        self.logger = logger
    }

    /// Runs `body` on one pooled connection, and gives it back after (a queued request waits for
    /// one to be free, up to the pool's request timeout).
    func withDatabase<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = try await pool.requestConnection(logger: logger).get()
        defer { pool.releaseConnection(connection, logger: logger) }
        return try await body(sql(connection))
    }

    /// Closes every connection; later requests fail. Closing twice is not an error.
    func shutdown() async throws {
        closed.store(true, ordering: .relaxed)
        do {
            try await pool.shutdownAsync()
        } catch ConnectionPoolError.shutdown {
            return
        }
    }

    /// A pool nobody shut down (start failed half-way, say) closes its connections in the
    /// background rather than trap in async-kit's check.
    deinit {
        if !closed.load(ordering: .relaxed) { pool.shutdownGracefully { _ in } }
    }
}
