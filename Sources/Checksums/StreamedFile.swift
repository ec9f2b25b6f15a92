#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMapGuard
import ModelArtifact

/// A regular file read window by window through short-lived memory maps: the bytes are hashed
/// where the kernel put them, never copied, and only one window is mapped at a time, so memory
/// stays bounded whatever the file's size.
///
/// A file that shrinks while it is read would make a plain memory map raise SIGBUS and kill the
/// process; here each window is read under `CMapGuard`, its size is checked before and after each
/// window, and the file's identity at the end, so a change becomes an `ArtifactError` (rule
/// `file-changed`) instead.
struct StreamedFile: ~Copyable {
    /// The path, for errors.
    let path: String
    /// The size when opened; the file must keep it.
    let size: Int
    private let fd: Int32
    private let device: UInt64
    private let inode: UInt64

    /// Opens `path`: a regular file, or an `ArtifactError` naming what it is instead.
    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            throw ArtifactError(file: path, offset: nil, rule: "unreadable", expected: "a readable file",
                                found: String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ArtifactError(file: path, offset: nil, rule: "unreadable", expected: "a file whose status can be read", found: reason)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw ArtifactError(file: path, offset: nil, rule: "not-a-regular-file", expected: "a regular file",
                                found: MappedFile.describeKind(info.st_mode & S_IFMT))
        }
        self.path = path
        self.fd = fd
        self.size = Int(info.st_size)
        self.device = UInt64(info.st_dev)
        self.inode = UInt64(info.st_ino)
        _ = synap_map_guard_install()
    }

    deinit { close(fd) }

    /// Calls `body` with each window of at most `windowSize` bytes of `range`, in order, as the
    /// absolute range it covers and its bytes. Throws `file-changed` when the file shrinks under it.
    func forEachWindow(of range: Range<Int>, windowSize: Int,
                       _ body: (Range<Int>, UnsafeRawBufferPointer) throws -> Void) throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(range.upperBound, start + windowSize)
            try checkSize(covers: end, at: start)
            let mapStart = start / page * page
            let mapLength = end - mapStart
            guard let base = mmap(nil, mapLength, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, off_t(mapStart)),
                  base != MAP_FAILED else {
                throw ArtifactError(file: path, offset: start, rule: "unreadable", expected: "bytes that can be mapped",
                                    found: String(cString: strerror(errno)))
            }
            defer { munmap(base, mapLength) }
            _ = madvise(base, mapLength, MADV_SEQUENTIAL)
            let bytes = UnsafeRawBufferPointer(start: base + (start - mapStart), count: end - start)
            synap_map_guard_enter(base, mapLength)
            var failure: (any Error)?
            do { try body(start..<end, bytes) } catch { failure = error }
            let faults = synap_map_guard_leave()
            if let failure { throw failure }
            if faults > 0 {
                throw changed(at: start, "bytes that stay readable while hashed", "\(faults) page(s) gone: the file shrank")
            }
            try checkSize(covers: end, at: start)
            start = end
        }
    }

    /// Throws `file-changed` unless the file still has its size and is still the file at `path`.
    func checkUnchanged() throws {
        var info = stat()
        guard fstat(fd, &info) == 0, Int(info.st_size) == size else {
            throw changed(at: nil, "a size of \(size) bytes throughout", "\(info.st_size) bytes at the end")
        }
        var now = stat()
        if stat(path, &now) != 0 || UInt64(now.st_dev) != device || UInt64(now.st_ino) != inode {
            throw changed(at: nil, "the same file at the path throughout", "another file (replaced while hashed)")
        }
    }

    private func checkSize(covers end: Int, at position: Int) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw ArtifactError(file: path, offset: position, rule: "unreadable", expected: "a file whose status can be read",
                                found: String(cString: strerror(errno)))
        }
        guard Int(info.st_size) >= end else {
            throw changed(at: position, "\(size) bytes, as when opened", "\(info.st_size) bytes: the file shrank while hashed")
        }
    }

    private func changed(at offset: Int?, _ expected: String, _ found: String) -> ArtifactError {
        ArtifactError(file: path, offset: offset, rule: "file-changed", expected: expected, found: found)
    }
}
