import CFileCopy
import ModelArtifact
import SystemSeam

/// A file written under a temporary name beside its destination and renamed into place only when
/// complete, so a crash never leaves a half file under the real name.
///
/// Ranges of mapped files are copied inside the kernel (`copy_file_range`), never through this
/// process's memory; a second thread hashes the file as it grows (`TrailingHasher`), so the
/// SHA-256 returned by `commit()` is of the bytes in the file, read back.
public final class AtomicOutput {
    /// The destination path.
    public let path: String
    /// The temporary path written until `commit()`.
    public let temporaryPath: String
    /// Bytes written so far (some may still wait in the buffer).
    public private(set) var written = 0
    /// Bytes in the file: what the hasher may read.
    private var inFile = 0
    private let options: WriteOptions
    private var fd: Int32
    private var hasher: TrailingHasher?
    private var buffer: [UInt8] = []
    private var sources: [FileIdentity: Int32] = [:]
    private var unreported = 0
    private static let bufferSize = 4 << 20
    private static let copyChunk = 32 << 20
    private static let reportEvery = 8 << 20

    /// Opens a temporary file for `path`, refusing to write over any of `inputs` (same path or same file).
    public init(path: String, inputs: [String], options: WriteOptions = WriteOptions()) throws {
        try Self.refuseOverwrite(path, inputs: inputs)
        self.path = path
        self.options = options
        temporaryPath = path + ".tmp-\(getpid())"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ArtifactError(file: path, offset: nil, rule: "convert-cannot-create", expected: "a writable output path",
                                found: String(cString: strerror(errno)))
        }
        do {
            hasher = try TrailingHasher(path: temporaryPath)
        } catch {
            close(fd)
            unlink(temporaryPath)
            throw error
        }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        _ = try? hasher?.finish()
        for source in sources.values where source >= 0 { close(source) }
        if fd >= 0 {
            close(fd)
            unlink(temporaryPath)
        }
    }

    /// Throws `convert-overwrites-input` when `path` names one of `inputs` (by path or by device and inode).
    public static func refuseOverwrite(_ path: String, inputs: [String]) throws {
        let out = FileStatus(path: path)
        for input in inputs {
            let same = input == path || out.isSameFile(as: FileStatus(path: input))
            if same {
                throw ArtifactError(file: path, offset: nil, rule: "convert-overwrites-input",
                                    expected: "an output other than the input", found: "the input file '\(input)'")
            }
        }
    }

    /// Appends `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        written += bytes.count
        if buffer.count + bytes.count > Self.bufferSize { try flush() }
        if bytes.count >= Self.bufferSize {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends `bytes`.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends `count` zero bytes.
    public func pad(_ count: Int) throws {
        guard count > 0 else { return }
        try write([UInt8](repeating: 0, count: count))
    }

    /// Appends `range` of `file`: copied file to file inside the kernel when `file` is a file on
    /// disk that `copy_file_range` can read, else written from its mapping.
    public func copy(_ file: MappedFile, _ range: Range<Int>) throws {
        guard !range.isEmpty else { return }
        try flush()
        written += range.count
        var at = range.lowerBound
        if let source = try source(for: file) {
            var offset = Int64(at)
            while at < range.upperBound {
                let count = min(Self.copyChunk, range.upperBound - at)
                let n = Syscall.retryingInterrupted { synap_copy_file_range(source, &offset, fd, count) }
                if n < 0, at == range.lowerBound, [EXDEV, ENOSYS, EINVAL, EOPNOTSUPP, EBADF].contains(errno) {
                    // This pair of files cannot be copied between in the kernel: write from the mapping.
                    if let identity = file.identity { sources[identity] = -1 }
                    break
                }
                guard n > 0 else {
                    throw ArtifactError(file: n == 0 ? file.path : path, offset: at, rule: n == 0 ? "file-changed" : "convert-cannot-write",
                                        expected: n == 0 ? "\(file.size) bytes, as when opened" : "bytes copied",
                                        found: n == 0 ? "the end of the file: it shrank" : String(cString: strerror(errno)))
                }
                at += n
                advance(by: n)
            }
        }
        if at < range.upperBound {
            try file.forEachChunk(of: at..<range.upperBound) { try writeAll($0) }
        }
    }

    /// Flushes, optionally syncs, and renames the file into place; returns the SHA-256 (hex) of the
    /// file's bytes, read back as they were written.
    public func commit() throws -> String {
        try flush()
        if unreported > 0 { options.progress?(unreported) }
        let digest = try hasher?.finish()
        hasher = nil
        let synced = !options.fsync || fsync(fd) == 0
        close(fd)
        fd = -1
        guard synced, rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw ArtifactError(file: path, offset: nil, rule: "convert-cannot-write", expected: "the output written and renamed",
                                found: reason)
        }
        return HexText.lowercase(digest.map(Array.init) ?? [])
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `bytes` at the file's end and counts them.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard Syscall.writeAll(fd, bytes, wrote: advance(by:)) else {
            throw ArtifactError(file: path, offset: inFile, rule: "convert-cannot-write", expected: "bytes written",
                                found: String(cString: strerror(errno)))
        }
    }

    /// Counts `n` more bytes in the file: the hasher may read them, progress hears of them.
    private func advance(by n: Int) {
        inFile += n
        hasher?.advance(to: inFile)
        unreported += n
        if unreported >= Self.reportEvery {
            options.progress?(unreported)
            unreported = 0
        }
    }

    /// A descriptor reading the file `file` maps, opened once; nil when there is none or it cannot
    /// be copied from in the kernel (bytes in memory, a path now naming another file).
    ///
    /// Throws `file-changed` when the file is still at its path but no longer has its size.
    private func source(for file: MappedFile) throws -> Int32? {
        guard let identity = file.identity else { return nil }
        if let known = sources[identity] { return known >= 0 ? known : nil }
        var opened = open(file.path, O_RDONLY | O_CLOEXEC)
        let status = opened >= 0 ? FileStatus(descriptor: opened) : nil
        if let status, status.kind == .missing || FileIdentity(status) != identity {
            close(opened)
            opened = -1
        }
        if let status, opened >= 0, status.size != file.size {
            close(opened)
            throw ArtifactError(file: file.path, offset: nil, rule: "file-changed", expected: "\(file.size) bytes, as when opened",
                                found: "\(status.size) bytes")
        }
        sources[identity] = opened
        return opened >= 0 ? opened : nil
    }
}
