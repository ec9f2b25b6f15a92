import CDemandPages
import Synchronization
import SystemSeam

/// Memory that holds a remote object's bytes, each page fetched the first time a reader touches it.
///
/// The region is reserved at the object's size and registered with a Linux userfaultfd. A reader
/// that touches a page not yet fetched sleeps in the kernel; the region's paging thread learns the
/// address, asks the `PageSupplier` for the run of pages `PageTable` plans, and installs the bytes,
/// which wakes the reader. The readers stay what they are (code over an `UnsafeRawBufferPointer`)
/// and read only the pages their structure touches.
///
/// A fetch that fails, or would pass `DemandPaging.maxFetched`, installs zeros instead (a reader
/// never sleeps forever) and records the first error; `failure` then makes the whole read fail, as
/// `MapGuard` does for a file truncated under its mapping.
final class DemandPagedRegion: @unchecked Sendable {
    /// The object's bytes (valid while the region lives).
    let bytes: UnsafeRawBufferPointer
    private let name: String
    private let base: UnsafeMutableRawPointer
    private let mappedLength: Int
    private let systemPage: Int
    private let descriptor: Int32
    private let stopDescriptor: Int32
    private let supplier: any PageSupplier
    private let state: Mutex<Shared>

    private struct Shared {
        var table: PageTable
        var fetched = 0
        var requests = 0
        var failure: ArtifactError?
        var stopped = false
    }

    /// What the region fetched: requests made and bytes received.
    struct Totals: Equatable, Sendable {
        var requests: Int
        var bytes: Int
    }

    /// Reserves `size` bytes for the object `name` and starts its paging thread.
    init(size: Int, name: String, supplier: any PageSupplier, paging: DemandPaging) throws(ArtifactError) {
        let systemPage = Int(synap_pages_system_page_size())
        guard size > 0 else {
            throw ArtifactError(file: name, offset: 0, rule: "empty-file", expected: "at least one byte", found: "an empty object")
        }
        guard paging.pageSize > 0, paging.pageSize % systemPage == 0 else {
            throw ArtifactError(file: name, offset: nil, rule: "remote-page-size",
                                expected: "a page size that is a multiple of \(systemPage)", found: "\(paging.pageSize)")
        }
        let descriptor = synap_pages_open()
        guard descriptor >= 0 else { throw Self.unavailable(name, "userfaultfd: \(String(cString: strerror(errno)))") }
        let stop = synap_pages_stop_open()
        guard stop >= 0 else {
            close(descriptor)
            throw Self.unavailable(name, "eventfd: \(String(cString: strerror(errno)))")
        }
        let length = (size + systemPage - 1) / systemPage * systemPage
        guard let base = synap_pages_reserve(descriptor, length) else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            close(stop)
            throw Self.unavailable(name, "registering \(length) bytes: \(reason)")
        }
        self.name = name
        self.base = base
        self.mappedLength = length
        self.systemPage = systemPage
        self.descriptor = descriptor
        self.stopDescriptor = stop
        self.supplier = supplier
        self.bytes = UnsafeRawBufferPointer(start: base, count: size)
        self.state = Mutex(Shared(table: PageTable(size: size, policy: paging)))
        startPagingThread()
    }

    deinit {
        close(descriptor)
        close(stopDescriptor)
        synap_pages_release(base, mappedLength)
    }

    /// The first fetch that failed, or the cap passed; nil while every page read is the object's.
    var failure: ArtifactError? { state.withLock { $0.failure } }

    /// Requests made and bytes fetched so far.
    var totals: Totals { state.withLock { Totals(requests: $0.requests, bytes: $0.fetched) } }

    /// Fetches the missing pages of `range` now, each run of them in one request.
    func prefetch(_ range: Range<Int>) {
        let runs = state.withLock { $0.stopped ? [] : $0.table.prefetch(range) }
        for run in runs { fetch(run) }
    }

    /// Stops the paging thread; pages already asked for still arrive. Called when the file closes.
    func stop() {
        let already = state.withLock { shared in
            defer { shared.stopped = true }
            return shared.stopped
        }
        if !already { synap_pages_stop_signal(stopDescriptor) }
    }

    // MARK: - Paging

    private func startPagingThread() {
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { raw in
            let region = Unmanaged<DemandPagedRegion>.fromOpaque(raw!).takeRetainedValue()
            region.servePageFaults()
            return nil
        }, context)
        if started == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<DemandPagedRegion>.fromOpaque(context).release()
            record(Self.unavailable(name, "no paging thread (error \(started))"))
        }
    }

    /// The paging thread: every fault planned and answered until `stop`.
    private func servePageFaults() {
        var address: UInt64 = 0
        while synap_pages_next_fault(descriptor, stopDescriptor, &address) == 1 {
            let offset = Int(address) - Int(bitPattern: base)
            let plan = state.withLock { $0.table.fault(at: offset) }
            switch plan {
            case .fetch(let range): fetch(range)
            case .wait: break
            case .wake(let range): _ = synap_pages_wake(descriptor, base + range.lowerBound, whole(range.count))
            }
        }
    }

    /// Asks the supplier for `range` (its pages marked pending) and installs what comes back.
    private func fetch(_ range: Range<Int>) {
        let refused: ArtifactError? = state.withLock { shared in
            guard shared.fetched + range.count <= shared.table.policy.maxFetched else {
                return ArtifactError(file: name, offset: range.lowerBound, rule: "remote-read-cap",
                                     expected: "at most \(shared.table.policy.maxFetched) bytes fetched to read the structure",
                                     found: "a read that needs more (\(shared.fetched) fetched, \(range.count) more asked)")
            }
            shared.fetched += range.count
            shared.requests += 1
            return nil
        }
        if let refused {
            fail(refused, range)
            return
        }
        supplier.read(range) { [self] result in
            switch result {
            case .success(let bytes) where bytes.count == range.count:
                bytes.withUnsafeBytes { install($0, at: range) }
            case .success(let bytes):
                fail(ArtifactError(file: name, offset: range.lowerBound, rule: "remote-short-read",
                                   expected: "\(range.count) bytes", found: "\(bytes.count) bytes"), range)
            case .failure(let error):
                fail(error, range)
            }
        }
    }

    /// Records `error` (the first one counts) and installs zeros over `range` so that no reader
    /// sleeps forever.
    private func fail(_ error: ArtifactError, _ range: Range<Int>) {
        record(error)
        install(nil, at: range)
    }

    /// Keeps `error` (the first one counts) and tells the supplier.
    private func record(_ error: ArtifactError) {
        state.withLock { $0.failure = $0.failure ?? error }
        supplier.failed(error)
    }

    /// Installs `source` (or zeros when nil) over the pages of `range` and marks them present.
    private func install(_ source: UnsafeRawBufferPointer?, at range: Range<Int>) {
        let length = whole(range.count)
        let destination = base + range.lowerBound
        let status: Int32
        if let source {
            let staging = UnsafeMutableRawPointer.allocate(byteCount: length, alignment: systemPage)
            defer { staging.deallocate() }
            staging.copyMemory(from: source.baseAddress!, byteCount: source.count)
            (staging + source.count).initializeMemory(as: UInt8.self, repeating: 0, count: length - source.count)
            status = synap_pages_fill(descriptor, destination, staging, length)
        } else {
            status = synap_pages_zero(descriptor, destination, length)
        }
        let reason = status == 0 ? "" : String(cString: strerror(errno))
        state.withLock { $0.table.settle(range) }
        if status != 0 {
            record(ArtifactError(file: name, offset: range.lowerBound, rule: "remote-paging", expected: "pages installed", found: reason))
        }
    }

    /// `count` rounded up to whole system pages.
    private func whole(_ count: Int) -> Int { (count + systemPage - 1) / systemPage * systemPage }

    private static func unavailable(_ name: String, _ reason: String) -> ArtifactError {
        ArtifactError(file: name, offset: nil, rule: "remote-paging-unavailable",
                      expected: "demand paging (Linux userfaultfd, kernel 5.11 or later)", found: reason)
    }
}
