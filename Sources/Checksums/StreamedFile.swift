import Dispatch
import ModelArtifact
import SystemSeam

/// A regular file read window by window through short-lived memory maps: the bytes are hashed
/// where the kernel put them, never copied, and only one window is mapped at a time, so memory
/// stays bounded whatever the file's size.
///
/// A file that shrinks while it is read would make a plain memory map raise SIGBUS and kill the
/// process; here each window is read under `MapGuard` (whichever threads hash it), its size is checked before and after each
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
        let (fd, status) = try MappedFile.openRegular(path)
        self.path = path
        self.fd = fd
        self.size = status.size
        self.device = status.device
        self.inode = status.inode
    }

    deinit { close(fd) }

    /// Calls `body` with each window of at most `windowSize` bytes of `range`, in order, as the
    /// absolute range it covers and its bytes.
    ///
    /// The file is mapped once; while one window is hashed, another thread populates the next one's
    /// page tables (`MADV_POPULATE_READ`), and a window once hashed is dropped from the process
    /// (`MADV_DONTNEED`), so at most two windows are resident. `madvise` needs only the read side of
    /// the address-space lock, so several files hashed at once by one process do not queue behind
    /// each other's `mmap`/`munmap`. Throws `file-changed` when the file shrinks under it.
    func forEachWindow(of range: Range<Int>, windowSize: Int,
                       _ body: (Range<Int>, UnsafeRawBufferPointer) throws -> Void) throws {
        guard !range.isEmpty else { return }
        let mapping = try WholeMapping(fd: fd, path: path, size: size)
        defer { mapping.unmap() }
        let guarded = MapGuard(mapping.base, length: mapping.length)
        defer { _ = guarded.leave() }
        func window(at start: Int) -> Range<Int>? {
            start < range.upperBound ? start..<min(range.upperBound, start + windowSize) : nil
        }
        var current = window(at: range.lowerBound)
        if let first = current { mapping.populate(first) }
        while let now = current {
            try checkSize(covers: now.upperBound, at: now.lowerBound)
            let upcoming = window(at: now.upperBound)
            let group = DispatchGroup()
            if let upcoming {
                let ahead = mapping
                DispatchQueue.global().async(group: group) { ahead.populate(upcoming) }
            }
            var failure: (any Error)?
            do { try body(now, mapping.bytes(now)) } catch { failure = error }
            group.wait()
            mapping.drop(now)
            if let failure { throw failure }
            let faults = guarded.takeFaults()
            if faults > 0 {
                throw changed(at: now.lowerBound, "bytes that stay readable while hashed", "\(faults) page(s) gone: the file shrank")
            }
            try checkSize(covers: now.upperBound, at: now.lowerBound)
            current = upcoming
        }
    }

    /// Throws `file-changed` unless the file still has its size and is still the file at `path`.
    func checkUnchanged() throws {
        let open = FileStatus(descriptor: fd)
        guard open.kind != .missing, open.size == size else {
            throw changed(at: nil, "a size of \(size) bytes throughout", "\(open.size) bytes at the end")
        }
        let now = FileStatus(path: path)
        if now.kind == .missing || now.device != device || now.inode != inode {
            throw changed(at: nil, "the same file at the path throughout", "another file (replaced while hashed)")
        }
    }

    private func checkSize(covers end: Int, at position: Int) throws {
        let status = FileStatus(descriptor: fd)
        guard status.kind != .missing else {
            throw ArtifactError(file: path, offset: position, rule: "unreadable", expected: "a file whose status can be read",
                                found: status.errorText)
        }
        guard status.size >= end else {
            throw changed(at: position, "\(size) bytes, as when opened", "\(status.size) bytes: the file shrank while hashed")
        }
    }

    private func changed(at offset: Int?, _ expected: String, _ found: String) -> ArtifactError {
        ArtifactError(file: path, offset: offset, rule: "file-changed", expected: expected, found: found)
    }
}

/// A whole file mapped read-only, populated ahead and released behind a window at a time.
struct WholeMapping: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let length: Int
    private let page: Int

    init(fd: Int32, path: String, size: Int) throws {
        length = size
        page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw ArtifactError(file: path, offset: 0, rule: "unreadable", expected: "a file that can be mapped",
                                found: String(cString: strerror(errno)))
        }
        self.base = base
        _ = madvise(base, size, MADV_SEQUENTIAL)
    }

    /// The bytes of `range`.
    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Faults in the page tables of `range` (the kernel reads what is not cached yet).
    func populate(_ range: Range<Int>) {
        let (start, count) = pages(range)
        if madvise(base + start, count, 22 /* MADV_POPULATE_READ, Linux 5.14 */) != 0 {
            _ = madvise(base + start, count, MADV_WILLNEED)
        }
    }

    /// Releases `range`'s pages from this process (they stay in the page cache).
    func drop(_ range: Range<Int>) {
        let (start, count) = pages(range)
        _ = madvise(base + start, count, MADV_DONTNEED)
    }

    /// Releases the mapping.
    func unmap() { munmap(base, length) }

    private func pages(_ range: Range<Int>) -> (Int, Int) {
        let start = range.lowerBound / page * page
        return (start, min(length, range.upperBound) - start)
    }
}
