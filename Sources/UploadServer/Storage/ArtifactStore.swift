import NIOCore

/// Where uploaded files live: a local folder in the embedded default, an S3 bucket at scale.
///
/// An upload is written to a temporary object as it streams in (`begin`), and only becomes an
/// artifact when committed under its final key; an aborted or crashed upload leaves nothing a
/// reader can see, and `removeLeftovers` clears what a crash left behind at the next start.
public protocol ArtifactStore: Sendable {
    /// Starts a temporary object for one upload.
    func begin() async throws -> any ArtifactUpload
    /// The URI an artifact under `key` is recorded with (`file:///…/artifacts/KEY`, `s3://…`).
    func uri(forKey key: String) -> String
    /// The local path of a committed artifact, for reading it back (nil when the store is remote).
    func localPath(forKey key: String) -> String?
    /// Removes a committed artifact (when its row could not be written).
    func remove(key: String) async throws
    /// Removes temporary objects, and artifacts whose key is not in `keep` (a crash between commit
    /// and row); returns how many were removed.
    func removeLeftovers(keep: Set<String>) async throws -> Int
    /// Whether the store accepts writes now (for `/readyz`).
    func isWritable() async -> Bool
}

/// One upload being written to the store.
public protocol ArtifactUpload: Sendable {
    /// The temporary object's local path while it is written (the whole-file check reads it).
    var temporaryPath: String { get }
    /// Appends bytes as they arrive: the buffers in order, in one step (the receiver batches the
    /// body's chunks, so a write is one hop to the store, not one per network read).
    func write(_ buffers: [ByteBuffer]) async throws
    /// Makes the object durable and visible under `key` (atomic: rename after fsync).
    func commit(key: String) async throws
    /// Throws the temporary object away (idempotent).
    func abort() async
}

extension ArtifactUpload {
    /// Appends one buffer.
    func write(_ buffer: ByteBuffer) async throws { try await write([buffer]) }
}
