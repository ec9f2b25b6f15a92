import CMapGuard
import ModelArtifact

extension MappedFile {
    /// Runs `body`, which reads this file through its mapping, under `CMapGuard`: should another
    /// process truncate the file meanwhile, the pages gone read as zeros instead of raising SIGBUS,
    /// and the read ends in a `file-changed` error (at `offset`) instead of killing the process.
    func guardedRead<T>(at offset: Int, _ body: () throws -> T) throws -> T {
        guard identity != nil, let base = bytes.baseAddress else { return try body() }
        _ = synap_map_guard_install()
        let slot = synap_map_guard_enter(base, size)
        let result: T
        do {
            result = try body()
        } catch {
            _ = synap_map_guard_leave(slot)
            throw error
        }
        let faults = synap_map_guard_leave(slot)
        guard faults == 0 else {
            throw ArtifactError(file: path, offset: offset, rule: "file-changed", expected: "\(size) bytes, as when opened",
                                found: "\(faults) page(s) gone: the file shrank while it was read")
        }
        return result
    }
}
