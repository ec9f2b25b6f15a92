/// What `stat(2)` says of a path or an open file: its kind, size and identity, or why it could
/// not be examined.
package struct FileStatus: Sendable {
    /// What a path names.
    package enum Kind: Sendable, Equatable {
        /// A regular file.
        case regular
        /// A folder.
        case folder
        /// A symbolic link (only when links are not followed).
        case symlink
        /// A FIFO, device, socket or other special file (`type` says which).
        case other
        /// Nothing that could be examined: missing, or refused (`error` says why).
        case missing
    }

    /// The kind.
    package let kind: Kind
    /// The size in bytes (`st_size`); 0 when missing.
    package let size: Int
    /// The file type bits (`st_mode & S_IFMT`); 0 when missing.
    package let type: mode_t
    /// The device holding the file; 0 when missing.
    package let device: UInt64
    /// The file's inode on that device; 0 when missing.
    package let inode: UInt64
    /// The `errno` of the failed call when missing, else 0.
    package let error: Int32

    /// The status of `path`; a symbolic link is followed unless `followingLinks` is false.
    package init(path: String, followingLinks: Bool = true) {
        var info = stat()
        let status = followingLinks ? stat(path, &info) : lstat(path, &info)
        self.init(status == 0 ? info : nil)
    }

    /// The status of the open file `descriptor` (`fstat`).
    package init(descriptor: Int32) {
        var info = stat()
        self.init(fstat(descriptor, &info) == 0 ? info : nil)
    }

    private init(_ info: stat?) {
        guard let info else {
            error = errno
            kind = .missing
            size = 0
            type = 0
            device = 0
            inode = 0
            return
        }
        error = 0
        type = info.st_mode & S_IFMT
        switch type {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .folder
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        size = Int(info.st_size)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// The text of `error` (`strerror`).
    package var errorText: String { String(cString: strerror(error)) }
}

extension FileStatus {
    /// True when both statuses are of one file (same device and inode); never for a missing one.
    package func isSameFile(as other: FileStatus) -> Bool {
        kind != .missing && other.kind != .missing && device == other.device && inode == other.inode
    }
}
