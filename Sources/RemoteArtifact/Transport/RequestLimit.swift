import Synchronization

/// At most `limit` requests in flight at once (a folder's shards are read 16 at a time, not all at
/// once); the others wait their turn, in order.
final class RequestLimit: Sendable {
    private let limit: Int
    private let state = Mutex<(running: Int, waiting: [CheckedContinuation<Void, Never>])>((0, []))

    init(_ limit: Int) {
        precondition(limit > 0)
        self.limit = limit
    }

    /// Runs `body` once a place is free.
    func run<T>(_ body: () async throws(RemoteError) -> T) async throws(RemoteError) -> T {
        await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async {
        await withCheckedContinuation { continuation in
            let admitted = state.withLock { state in
                if state.running < limit {
                    state.running += 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
    }

    private func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()  // the place passes to the next one waiting
        }
        next?.resume()
    }
}
