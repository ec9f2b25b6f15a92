import Synchronization

/// At most N uploads stream at once; a request beyond that is refused (503) rather than queued,
/// so a burst cannot hold N+1 temporary files and connections open.
final class UploadSlots: Sendable {
    private let limit: Int
    private let inUse = Mutex(0)

    init(limit: Int) { self.limit = max(1, limit) }

    /// Takes a slot; false when all are taken.
    func acquire() -> Bool {
        inUse.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    /// Gives a slot back.
    func release() { inUse.withLock { $0 -= 1 } }
}
