import ModelArtifact
import NIOPosix
import SystemSeam

/// The embedded default's store: artifacts are files under `DIR/artifacts/<key>`, written first
/// to a randomly named temporary file in `DIR/artifacts/.incoming/` and renamed into place on
/// commit. Every file call runs on an `NIOThreadPool` (see `FileThreads`), never on an event loop.
public final class LocalArtifactStore: ArtifactStore {
    /// The artifacts' folder (`DIR/artifacts`), absolute.
    public let root: String
    /// The temporary objects' folder (`DIR/artifacts/.incoming`).
    public let incoming: String
    let threads: FileThreads

    /// The store in `directory/artifacts` (the folders are created when missing). Blocking calls
    /// run on `threadPool`, or on the store's own pool when nil.
    public init(directory: String, threadPool: NIOThreadPool? = nil) throws {
        root = try LocalFolder.create(FolderListing.join(directory, "artifacts"))
        incoming = FolderListing.join(root, ".incoming")
        try LocalFolder.create(incoming)
        threads = threadPool.map(FileThreads.init(pool:)) ?? .shared
    }

    public func begin() async throws -> any ArtifactUpload {
        let path = FolderListing.join(incoming, Self.temporaryName())
        let descriptor = try await threads.run {
            let fd = Syscall.retryingInterrupted { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
            guard fd >= 0 else { throw LocalFileError("open", path) }
            return fd
        }
        return LocalArtifactUpload(store: self, temporaryPath: path, descriptor: descriptor)
    }

    public func uri(forKey key: String) -> String {
        FileURI.reference(path(forKey: key))
    }

    public func localPath(forKey key: String) -> String? {
        ArtifactKey.isValid(key) ? path(forKey: key) : nil
    }

    public func remove(key: String) async throws {
        try ArtifactKey.check(key)
        let path = path(forKey: key)
        try await threads.run {
            guard unlink(path) == 0 || errno == ENOENT else { throw LocalFileError("unlink", path) }
            try LocalFolder.sync(FolderListing.folder(of: path))
        }
    }

    public func removeLeftovers(keep: Set<String>) async throws -> Int {
        let (root, incoming) = (root, incoming)
        return try await threads.run {
            var removed = 0
            for (name, kind) in try FolderListing.entries(incoming) where kind != .folder {
                let path = FolderListing.join(incoming, name)
                guard unlink(path) == 0 || errno == ENOENT else { throw LocalFileError("unlink", path) }
                removed += 1
            }
            // Keys never begin with a dot, so the hidden `.incoming` is not walked as artifacts.
            for key in try FolderListing.regularFiles(under: root, skipHidden: true) where !keep.contains(key) {
                let path = FolderListing.join(root, key)
                guard unlink(path) == 0 || errno == ENOENT else { throw LocalFileError("unlink", path) }
                removed += 1
            }
            return removed
        }
    }

    public func isWritable() async -> Bool {
        let probe = FolderListing.join(incoming, "probe-" + Self.temporaryName())
        return (try? await threads.run {
            let fd = Syscall.retryingInterrupted { open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
            guard fd >= 0 else { return false }
            let wrote = withUnsafeBytes(of: UInt8(0)) { Syscall.writeAll(fd, $0) }
            close(fd)
            return unlink(probe) == 0 && wrote
        }) ?? false
    }

    /// Where the artifact under `key` lies (the key is checked by the caller).
    func path(forKey key: String) -> String {
        FolderListing.join(root, key)
    }

    /// A fresh random name for a temporary object (128 bits, hex).
    private static func temporaryName() -> String {
        var generator = SystemRandomNumberGenerator()
        return HexText.lowercase((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
