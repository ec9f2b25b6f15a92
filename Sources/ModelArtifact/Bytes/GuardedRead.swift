import CMapGuard

/// A mapped range announced to `CMapGuard` while it is read: should another process truncate the
/// file meanwhile, the pages gone read as zeros and are counted here, instead of raising SIGBUS
/// and killing the process. The one Swift face of `CMapGuard`.
package struct MapGuard {
    private let slot: Int32

    /// Announces the `length` bytes at `base` (installing the handler once per process).
    package init(_ base: UnsafeRawPointer, length: Int) {
        _ = synap_map_guard_install()
        slot = synap_map_guard_enter(base, length)
    }

    /// The pages that faulted since the announcement or the last call; counting starts again.
    package func takeFaults() -> Int { Int(synap_map_guard_take_faults(slot)) }

    /// Ends the announcement; returns the pages that faulted since the last count.
    package func leave() -> Int { Int(synap_map_guard_leave(slot)) }
}

extension MappedFile {
    /// Runs `body`, which reads this file through its mapping, under `MapGuard`: should another
    /// process truncate the file meanwhile, the pages gone read as zeros instead of raising SIGBUS,
    /// and the read ends in a `file-changed` error (at `offset`) instead of killing the process.
    package func guardedRead<T>(at offset: Int, _ body: () throws -> T) throws -> T {
        guard identity != nil, let base = bytes.baseAddress else { return try body() }
        let guarded = MapGuard(base, length: size)
        let result: T
        do {
            result = try body()
        } catch {
            _ = guarded.leave()
            throw error
        }
        let faults = guarded.leave()
        guard faults == 0 else {
            throw ArtifactError(file: path, offset: offset, rule: "file-changed", expected: "\(size) bytes, as when opened",
                                found: "\(faults) page(s) gone: the file shrank while it was read")
        }
        return result
    }
}
