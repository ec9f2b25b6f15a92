/// Where the bytes of a demand-paged `MappedFile` come from: a remote object read by ranges.
///
/// `read` is called from the paging thread and from readers' hints; it must not block, and must
/// call `done` exactly once, on any thread, with exactly the bytes of `range` or the error that
/// names the input and what went wrong. It must not need the thread that reads the file to make
/// progress: a reader touching a page not yet filled sleeps until `done` is called.
public protocol PageSupplier: Sendable {
    /// Reads `range` of the object (it lies inside the object) and hands the bytes to `done`.
    func read(_ range: Range<Int>, done: @escaping @Sendable (Result<[UInt8], ArtifactError>) -> Void)

    /// Told each failure the file records (a fetch that failed, the fetch cap passed), so that
    /// whoever supplies many files can tell that one failed after the file itself is gone.
    func failed(_ error: ArtifactError)
}

extension PageSupplier {
    public func failed(_ error: ArtifactError) {}
}

/// How a demand-paged file is fetched: the unit of a request, how far sequential reads look ahead,
/// and the most bytes one file may fetch.
public struct DemandPaging: Sendable, Equatable {
    /// The bytes one page fault fetches at least (a multiple of the system's page size).
    public var pageSize: Int
    /// Pages fetched by the first fault at the start of the file (a safetensors header, a ZIP's
    /// first entries, a protobuf's first fields arrive in one request).
    public var firstPages: Int
    /// The most bytes a run of sequential faults fetches in one request (the read-ahead window
    /// doubles from one page up to this).
    public var maxRequest: Int
    /// The most bytes the file may fetch in all; a read beyond fails the file (`remote-read-cap`).
    public var maxFetched: Int

    /// The measured defaults (docs/remote.md, "Page size"): 64 KiB pages (the first fault fetching
    /// one), read-ahead up to 8 MiB, at most 1 GiB fetched per file.
    public static let standard = DemandPaging(pageSize: 64 << 10, firstPages: 1, maxRequest: 8 << 20, maxFetched: 1 << 30)

    public init(pageSize: Int, firstPages: Int, maxRequest: Int, maxFetched: Int) {
        self.pageSize = pageSize
        self.firstPages = firstPages
        self.maxRequest = maxRequest
        self.maxFetched = maxFetched
    }
}

/// The files beside a remote file, for readers that look next to the file they read (ONNX external
/// data beside the model, a SyNAP payload's meta JSON): what the folder around a local file is.
public protocol FileNeighbours: Sendable {
    /// The size of the file `name` (relative to the file's folder, `/`-separated, already checked
    /// not to climb out) beside this one, or nil when there is none.
    func size(of name: String) -> Int?
    /// The file `name` beside this one, mapped (demand-paged).
    func open(_ name: String) throws -> MappedFile
}
