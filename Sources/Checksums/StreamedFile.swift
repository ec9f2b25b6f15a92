#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMapGuard
import Dispatch
import ModelArtifact

/// A regular file read window by window through short-lived memory maps: the bytes are hashed
/// where the kernel put them, never copied, and only one window is mapped at a time, so memory
/// stays bounded whatever the file's size.
///
/// A file that shrinks while it is read would make a plain memory map raise SIGBUS and kill the
/// process; here each window is read under `CMapGuard` (whichever threads hash it), its size is checked before and after each
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
    /// absolute range it covers and its bytes. While one window is hashed the next is mapped and
    /// its pages populated on another thread, so the page-table work overlaps the hashing (two
    /// windows are mapped at most). Throws `file-changed` when the file shrinks under it.
    func forEachWindow(of range: Range<Int>, windowSize: Int,
                       _ body: (Range<Int>, UnsafeRawBufferPointer) throws -> Void) throws {
        func window(at start: Int) -> Range<Int>? {
            start < range.upperBound ? start..<min(range.upperBound, start + windowSize) : nil
        }
        guard var current = window(at: range.lowerBound) else { return }
        try checkSize(covers: current.upperBound, at: current.lowerBound)
        var mapping = try WindowMapping(fd: fd, path: path, range: current)
        while true {
            let upcoming = window(at: current.upperBound)
            let prefetch = PrefetchedWindow()
            let group = DispatchGroup()
            if let upcoming {
                let fd = self.fd, path = self.path
                DispatchQueue.global().async(group: group) {
                    prefetch.result = Result { try WindowMapping(fd: fd, path: path, range: upcoming) }
                }
            }
            let slot = synap_map_guard_enter(mapping.base, mapping.length)
            var failure: (any Error)?
            do { try body(current, mapping.bytes) } catch { failure = error }
            let faults = synap_map_guard_leave(slot)
            group.wait()
            mapping.unmap()
            if let failure { prefetch.result?.discard(); throw failure }
            if faults > 0 {
                prefetch.result?.discard()
                throw changed(at: current.lowerBound, "bytes that stay readable while hashed", "\(faults) page(s) gone: the file shrank")
            }
            do { try checkSize(covers: current.upperBound, at: current.lowerBound) } catch {
                prefetch.result?.discard()
                throw error
            }
            guard let upcoming, let next = prefetch.result else { return }
            current = upcoming
            try checkSize(covers: current.upperBound, at: current.lowerBound)
            mapping = try next.get()
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

/// One window of a file, mapped read-only with its pages populated.
struct WindowMapping: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let length: Int
    /// The window's bytes (the mapping starts at a page boundary at or before the window).
    let bytes: UnsafeRawBufferPointer

    init(fd: Int32, path: String, range: Range<Int>) throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let mapStart = range.lowerBound / page * page
        length = range.upperBound - mapStart
        guard let base = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, off_t(mapStart)), base != MAP_FAILED else {
            throw ArtifactError(file: path, offset: range.lowerBound, rule: "unreadable", expected: "bytes that can be mapped",
                                found: String(cString: strerror(errno)))
        }
        self.base = base
        _ = madvise(base, length, MADV_SEQUENTIAL)
        bytes = UnsafeRawBufferPointer(start: base + (range.lowerBound - mapStart), count: range.count)
    }

    /// Releases the mapping.
    func unmap() { munmap(base, length) }
}

/// The next window, mapped by a prefetching thread and picked up once it is done.
private final class PrefetchedWindow: @unchecked Sendable {
    var result: Result<WindowMapping, any Error>?
}

extension Result where Success == WindowMapping {
    /// Unmaps a prefetched window that will not be read.
    func discard() { if case .success(let mapping) = self { mapping.unmap() } }
}
