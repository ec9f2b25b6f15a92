import ModelArtifact
import Synchronization

/// Remote objects read for one run of the tool: S3 (signed with the settings' credentials) and plain
/// HTTP(S), through one `HTTPExchange` that counts requests and bytes for the report's `remote`
/// section. `open` gives a `MappedFile` whose pages are fetched as the readers touch them.
public final class RemoteStore: Sendable {
    /// The exchange every request goes through.
    public let exchange: HTTPExchange
    /// How opened objects are paged in.
    public let paging: DemandPaging
    private let s3: Result<S3Client, RemoteError>
    private let http: HTTPObjectClient
    private let pageReads: RequestLimit
    private let failures = Mutex<[ArtifactError]>([])

    /// The most page reads in flight at once (a folder's shards are read this many at a time).
    public static let parallelPageReads = 16

    /// A store reading S3 with `settings` and HTTP objects directly; `log` gets a line per request.
    /// With `unsigned`, S3 requests are sent unsigned whatever credentials there are (public
    /// buckets, as the AWS CLI's `--no-sign-request`).
    public init(settings: AWSSettings, paging: DemandPaging = .standard, retry: RetryPolicy = RetryPolicy(),
                unsigned: Bool = false, log: (@Sendable (String) -> Void)? = nil) {
        exchange = HTTPExchange(policy: retry, log: log)
        self.paging = paging
        http = HTTPObjectClient(exchange: exchange)
        pageReads = RequestLimit(Self.parallelPageReads)
        do throws(RemoteError) {
            var used = settings
            if unsigned { used.credentials = nil }
            s3 = .success(try S3Client(settings: used, exchange: exchange, unsigned: unsigned))
        } catch {
            s3 = .failure(error)
        }
    }

    /// Requests sent and body bytes received so far.
    public var totals: (requests: Int, bytes: Int64) { exchange.totals }

    /// The object's size, ETag and (S3) checksum.
    public func head(_ url: RemoteURL) async throws(RemoteError) -> RemoteObject {
        switch url {
        case .s3(let location):
            let info = try await s3.get().head(location)
            return RemoteObject(url: url, size: info.size, etag: info.etag, checksumSHA256: info.checksumSHA256)
        case .http(let address):
            let (size, etag) = try await http.head(address)
            return RemoteObject(url: url, size: size, etag: etag)
        }
    }

    /// The bytes of `range` of `object`, exactly; the object replaced since its HEAD is an error.
    public func read(_ object: RemoteObject, range: ByteRangeRequest) async throws(RemoteError) -> [UInt8] {
        let bytes: [UInt8]
        switch object.url {
        case .s3(let location):
            bytes = try await s3.get().read(location, range: range, ifMatch: object.readPrecondition).bytes
        case .http(let address):
            bytes = try await http.read(address, range: range, ifMatch: object.readPrecondition).bytes
        }
        guard Int64(bytes.count) == range.length else {
            throw RemoteError(.badAnswer, url: object.url.description,
                              "\(range.header) came back as \(bytes.count) bytes: the object changed while it was read")
        }
        return bytes
    }

    /// `read`, waiting its turn among the page reads in flight.
    func readPage(_ object: RemoteObject, range: ByteRangeRequest) async throws(RemoteError) -> [UInt8] {
        try await pageReads.run { () async throws(RemoteError) -> [UInt8] in try await read(object, range: range) }
    }

    /// Every object under the S3 prefix `location`, in key order.
    public func list(_ location: S3Location) async throws(RemoteError) -> [RemoteObject] {
        try await s3.get().list(bucket: location.bucket, prefix: location.key).map {
            RemoteObject(url: .s3(S3Location(bucket: location.bucket, key: $0.key)), size: $0.size, etag: $0.etag)
        }
    }

    /// `object` as a demand-paged file named by its URL: each page fetched the first time a reader
    /// touches it. Read it off the Swift concurrency pool (a reader waiting for a page must not hold
    /// a thread the fetch needs), then check `pageFailure`.
    /// Takes the page failures recorded since the last call, of every file opened (the first
    /// first): a read whose files are gone still fails when one of them did.
    public func takeFailures() -> [ArtifactError] {
        failures.withLock { recorded in
            defer { recorded = [] }
            return recorded
        }
    }

    func record(_ failure: ArtifactError) {
        failures.withLock { $0.append(failure) }
    }

    /// `tally`, when given, counts this file's requests and bytes.
    public func open(_ object: RemoteObject, tally: FetchTally? = nil) throws(ArtifactError) -> MappedFile {
        guard object.size > 0 else {
            throw ArtifactError(file: object.url.description, offset: 0, rule: "empty-file",
                                expected: "at least one byte", found: "an empty object")
        }
        guard object.size <= Int64(Int.max / 2) else {
            throw ArtifactError(file: object.url.description, offset: nil, rule: "remote-too-large",
                                expected: "an object this machine can address", found: "\(object.size) bytes")
        }
        return try MappedFile(demandPaged: RemotePages(store: self, object: object, tally: tally), size: Int(object.size),
                              name: object.url.description, paging: paging, neighbours: RemoteNeighbours(store: self, of: object.url))
    }

    /// Closes the connections.
    public func shutdown() async {
        await exchange.shutdown()
    }
}

/// The pages of one remote object, read by ranged GETs for a demand-paged file.
struct RemotePages: PageSupplier {
    let store: RemoteStore
    let object: RemoteObject
    let tally: FetchTally?

    func read(_ range: Range<Int>, done: @escaping @Sendable (Result<[UInt8], ArtifactError>) -> Void) {
        let request = ByteRangeRequest(offset: Int64(range.lowerBound), length: Int64(range.count))
        Task { [store, object, tally] in
            do throws(RemoteError) {
                let bytes = try await store.readPage(object, range: request)
                tally?.add(bytes.count)
                done(.success(bytes))
            } catch {
                var failure = error.artifactError
                failure.offset = range.lowerBound
                tally?.add(0)
                done(.failure(failure))
            }
        }
    }

    func failed(_ error: ArtifactError) {
        store.record(error)
    }
}

/// The requests and bytes one remote file's pages took (a prefix's files each have one).
public final class FetchTally: Sendable {
    private let counts = Mutex<(requests: Int, bytes: Int)>((0, 0))

    public init() {}

    func add(_ bytes: Int) {
        counts.withLock { $0.requests += 1; $0.bytes += bytes }
    }

    /// What was counted, as a report's `remote` section.
    public var section: RemoteSection {
        counts.withLock { RemoteSection(requests: $0.requests, bytesFetched: Int64($0.bytes)) }
    }
}
