import SystemSeam

/// A read-only view of a whole regular file, memory-mapped so that only the pages read are loaded.
///
/// Readers keep a reference while they hold `ByteReader`s over it; the mapping is released when the
/// last reference goes. `MappedFile(bytes:name:)` wraps bytes already in memory (a stream prefix, a
/// ZIP entry inflated, a test) behind the same interface.
public final class MappedFile: @unchecked Sendable {
    /// The path (or name) used in errors and reports.
    public let path: String
    /// The file's size in bytes at the time it was mapped.
    public let size: Int
    /// The bytes. Valid for the lifetime of this object.
    public let bytes: UnsafeRawBufferPointer
    /// The device and inode of the file mapped; nil for bytes in memory. A caller that reopens
    /// `path` compares it to know the file it opened is the one mapped.
    public let identity: FileIdentity?
    /// For a remote file, the files beside it (the readers' way to what a local file's folder
    /// holds); nil for a local file, whose neighbours are found by path.
    public let neighbours: (any FileNeighbours)?
    private let owner: Owner

    private enum Owner {
        case mapping(UnsafeMutableRawPointer, Int)
        case heap(UnsafeMutableRawPointer)
        case demandPaged(DemandPagedRegion)
        case none
    }

    /// Maps the regular file at `path`; throws `ArtifactError` for a directory, a FIFO or other
    /// special file, an empty file, or one that cannot be opened.
    public init(path: String) throws {
        let (fd, status) = try Self.openRegular(path)
        defer { close(fd) }
        let size = status.size
        guard size > 0 else {
            throw ArtifactError(file: path, offset: 0, rule: "empty-file",
                                expected: "at least one byte", found: "an empty file")
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw ArtifactError(file: path, offset: nil, rule: "unmappable",
                                expected: "a file that can be memory-mapped", found: Self.errnoText())
        }
        self.path = path
        self.size = size
        self.bytes = UnsafeRawBufferPointer(start: base, count: size)
        self.owner = .mapping(base, size)
        self.identity = FileIdentity(status)
        self.neighbours = nil
    }

    /// Opens `path` for reading: a regular file, with its status, or an `ArtifactError` naming what
    /// it is instead. The caller closes the descriptor.
    package static func openRegular(_ path: String) throws -> (descriptor: Int32, status: FileStatus) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            throw ArtifactError(file: path, offset: nil, rule: "unreadable",
                                expected: "a readable file", found: Self.errnoText())
        }
        let status = FileStatus(descriptor: fd)
        guard status.kind != .missing else {
            close(fd)
            throw ArtifactError(file: path, offset: nil, rule: "unreadable",
                                expected: "a file whose status can be read", found: status.errorText)
        }
        guard status.kind == .regular else {
            close(fd)
            throw ArtifactError(file: path, offset: nil, rule: "not-a-regular-file",
                                expected: "a regular file", found: Self.describeKind(status.type))
        }
        return (fd, status)
    }

    /// Wraps a copy of `bytes` (which may be empty) under the name `name`.
    public init(bytes source: some Collection<UInt8>, name: String) {
        let count = source.count
        self.path = name
        self.size = count
        self.identity = nil
        self.neighbours = nil
        if count == 0 {
            self.bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            self.owner = .none
        } else {
            let base = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
            let typed = UnsafeMutableRawBufferPointer(start: base, count: count)
            typed.copyBytes(from: source)
            self.bytes = UnsafeRawBufferPointer(typed)
            self.owner = .heap(base)
        }
    }

    /// A remote object of `size` bytes named `name` (its URL), each page fetched from `supplier`
    /// the first time a reader touches it (`DemandPagedRegion`). After reading, `pageFailure` says
    /// whether every page read was the object's.
    public init(demandPaged supplier: any PageSupplier, size: Int, name: String,
                paging: DemandPaging = .standard, neighbours: (any FileNeighbours)? = nil) throws(ArtifactError) {
        let region = try DemandPagedRegion(size: size, name: name, supplier: supplier, paging: paging)
        self.path = name
        self.size = size
        self.identity = nil
        self.neighbours = neighbours
        self.bytes = region.bytes
        self.owner = .demandPaged(region)
    }

    deinit {
        switch owner {
        case .mapping(let base, let count): munmap(base, count)
        case .heap(let base): base.deallocate()
        case .demandPaged(let region): region.stop()
        case .none: break
        }
    }

    /// For a demand-paged file, the first page that could not be fetched (or the fetch cap passed):
    /// its pages read as zeros, so whatever was read from it must be thrown away. Nil otherwise.
    public var pageFailure: ArtifactError? {
        guard case .demandPaged(let region) = owner else { return nil }
        return region.failure
    }

    /// For a demand-paged file, the requests made and bytes fetched for its pages; nil otherwise.
    public var pagesFetched: (requests: Int, bytes: Int)? {
        guard case .demandPaged(let region) = owner else { return nil }
        let totals = region.totals
        return (totals.requests, totals.bytes)
    }

    /// How the pages of a range will be read next, passed to the kernel as `madvise`.
    public enum Access: Sendable {
        /// Read once, front to back.
        case sequential
        /// Read here and there.
        case random
        /// Read soon.
        case willNeed
        /// Not needed again.
        case dontNeed
    }

    /// Tells the kernel how `range` will be read; a hint only, ignored for in-memory bytes. For a
    /// demand-paged file, `.willNeed` fetches the missing pages of `range` now, each run of them in
    /// one request, and the other hints are ignored (its pages are kept: dropping one would fetch it
    /// again).
    public func advise(_ access: Access, range: Range<Int>? = nil) {
        if case .demandPaged(let region) = owner, access == .willNeed {
            region.prefetch(range ?? 0..<size)
        }
        guard case .mapping(let base, let count) = owner else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let wanted = (range ?? 0..<count).clamped(to: 0..<count)
        guard !wanted.isEmpty else { return }
        let start = wanted.lowerBound / page * page
        let advice: Int32
        switch access {
        case .sequential: advice = MADV_SEQUENTIAL
        case .random: advice = MADV_RANDOM
        case .willNeed: advice = MADV_WILLNEED
        case .dontNeed: advice = MADV_DONTNEED
        }
        _ = madvise(base + start, wanted.upperBound - start, advice)
    }

    /// A reader over the whole file, or over `range` of it.
    public func reader(_ range: Range<Int>? = nil) -> ByteReader {
        ByteReader(self, range: range ?? 0..<size)
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }

    /// Words for a file type (`st_mode & S_IFMT`): "a directory", "a FIFO"…
    public static func describeKind(_ kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "a special file"
        }
    }
}

/// Which file a path named when it was opened: its device and inode.
public struct FileIdentity: Hashable, Sendable {
    /// The device holding the file.
    public var device: UInt64
    /// The file's inode on that device.
    public var inode: UInt64

    /// The identity in a file's status.
    package init(_ status: FileStatus) {
        device = status.device
        inode = status.inode
    }
}
