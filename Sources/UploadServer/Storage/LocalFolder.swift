import ModelArtifact
import SystemSeam

/// Folders of the data directory: created as needed, and synced so that a created or renamed
/// entry survives a power loss. Blocking calls: run them on a thread pool.
enum LocalFolder {
    /// Creates `path` and any missing parents (mode 0700: the data folder is the server's own);
    /// returns its absolute path, links resolved.
    @discardableResult
    static func create(_ path: String) throws -> String {
        try createMissing(path.hasPrefix("/") ? "/" : "", path, syncing: false)
        guard let resolved = realpath(path, nil) else { throw LocalFileError("realpath", path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Creates the folders of `relative` below the folder `base` as needed, syncing the folder each
    /// new one is made in, so the path stays after a power loss.
    static func create(_ relative: String, below base: String) throws {
        try createMissing(base, relative, syncing: true)
    }

    /// Syncs `folder` itself: the entries created, renamed or removed in it become durable.
    static func sync(_ folder: String) throws {
        let fd = Syscall.retryingInterrupted { open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw LocalFileError("open", folder) }
        defer { close(fd) }
        guard Syscall.retryingInterrupted({ fsync(fd) }) == 0 else { throw LocalFileError("fsync", folder) }
    }

    /// Creates each missing folder of `path`'s components, starting at `base`.
    private static func createMissing(_ base: String, _ path: String, syncing: Bool) throws {
        var folder = base
        for name in path.split(separator: "/") where name != "." {
            let parent = folder.isEmpty ? "." : folder
            folder = folder.isEmpty ? String(name) : FolderListing.join(folder, String(name))
            if mkdir(folder, 0o700) == 0 {
                if syncing { try sync(parent) }
            } else if errno != EEXIST {
                throw LocalFileError("mkdir", folder)
            } else if FileStatus(path: folder).kind != .folder {
                throw LocalFileError("mkdir", folder, code: ENOTDIR)
            }
        }
    }
}
