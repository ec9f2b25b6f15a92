import Dispatch
import Synchronization

/// Runs async remote work from synchronous code (the CLI's commands): the calling thread waits,
/// the work runs on the concurrency pool. Never call it from the pool itself.
public enum Blocking {
    /// The result of `body`, waited for.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () async throws(RemoteError) -> T) throws(RemoteError) -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, RemoteError>?>(nil)
        Task {
            let result: Result<T, RemoteError>
            do throws(RemoteError) { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}
