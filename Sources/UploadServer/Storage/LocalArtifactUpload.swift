import ModelArtifact
import NIOCore
import Synchronization
import SystemSeam

/// One upload to a `LocalArtifactStore`: an open temporary file in `.incoming/`, appended to as
/// the body streams in, then renamed to its key or removed.
///
/// Writes come one at a time (each awaits the last). The descriptor is only closed when no write
/// holds it, so an abort that races a write can never close a number the kernel then reuses.
final class LocalArtifactUpload: ArtifactUpload {
    let temporaryPath: String
    private let store: LocalArtifactStore
    private let state: Mutex<State>

    private struct State {
        /// The open file, or -1 once closed.
        var descriptor: Int32
        /// A write is under way on `descriptor`.
        var writing = false
        /// Committed or aborted: no more writes.
        var closed = false
        /// Renamed to its key: the temporary path is gone.
        var committed = false

        /// Marks the upload closed, and hands over the descriptor unless a write holds it (that
        /// write closes it when done).
        mutating func close() -> Int32? {
            closed = true
            guard !writing, descriptor >= 0 else { return nil }
            defer { descriptor = -1 }
            return descriptor
        }
    }

    init(store: LocalArtifactStore, temporaryPath: String, descriptor: Int32) {
        self.store = store
        self.temporaryPath = temporaryPath
        self.state = Mutex(State(descriptor: descriptor))
    }

    func write(_ buffers: [ByteBuffer]) async throws {
        let fd = try state.withLock { state throws(ArtifactStoreError) -> Int32 in
            guard !state.closed, !state.writing else { throw .uploadClosed }
            state.writing = true
            return state.descriptor
        }
        let path = temporaryPath
        let outcome: Result<Void, any Error>
        do {
            try await store.threads.run {
                for buffer in buffers {
                    let wrote = buffer.withUnsafeReadableBytes { Syscall.writeAll(fd, $0) }
                    guard wrote else { throw LocalFileError("write", path) }
                }
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        let orphaned = state.withLock { state -> Int32? in
            state.writing = false
            return state.closed ? state.close() : nil
        }
        if let orphaned { close(orphaned) }
        try outcome.get()
    }

    func commit(key: String) async throws {
        try ArtifactKey.check(key)
        let fd = try state.withLock { state throws(ArtifactStoreError) -> Int32 in
            guard !state.closed, !state.writing, let fd = state.close() else { throw .uploadClosed }
            return fd
        }
        let (source, root, destination) = (temporaryPath, store.root, store.path(forKey: key))
        try await store.threads.run {
            // The bytes first, then the name: a crash leaves either no artifact or all of it.
            let synced = Syscall.retryingInterrupted { fsync(fd) } == 0
            let code = errno
            close(fd)
            guard synced else { throw LocalFileError("fsync", source, code: code) }
            let folder = FolderListing.folder(of: destination)
            try LocalFolder.create(String(folder.dropFirst(root.count)), below: root)
            guard FileStatus(path: destination, followingLinks: false).kind == .missing else {
                throw ArtifactStoreError.keyExists(key)
            }
            guard rename(source, destination) == 0 else { throw LocalFileError("rename", destination) }
            try LocalFolder.sync(folder)
        }
        state.withLock { $0.committed = true }
    }

    func abort() async {
        let (fd, committed) = state.withLock { state in (state.close(), state.committed) }
        guard !committed else { return }
        let path = temporaryPath
        _ = try? await store.threads.run {
            if let fd { close(fd) }
            unlink(path)
        }
    }
}
