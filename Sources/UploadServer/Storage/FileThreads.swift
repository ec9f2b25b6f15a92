import NIOPosix

/// Where the store's blocking file calls run: threads of an `NIOThreadPool`, never an event loop.
///
/// By default the store gets a pool of its own for the life of the process, apart from NIO's
/// shared pool that SQLite's queries run on: a long `fsync` of a large upload then never delays a
/// database query (nor `/readyz`).
struct FileThreads: Sendable {
    /// The store's default pool, started on first use and never stopped.
    static let shared = FileThreads(pool: {
        let pool = NIOThreadPool(numberOfThreads: 4)
        pool.start()
        return pool
    }())

    /// The threads.
    let pool: NIOThreadPool

    /// Runs `body` on one of the pool's threads. Unlike `NIOThreadPool.runIfActive`, a cancelled
    /// task does not skip it: an abort or a commit that has begun runs to its end.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            pool.submit { state in
                guard case .active = state else {
                    return continuation.resume(throwing: NIOThreadPoolError.ThreadPoolInactive())
                }
                continuation.resume(with: Result(catching: body))
            }
        }
    }
}
