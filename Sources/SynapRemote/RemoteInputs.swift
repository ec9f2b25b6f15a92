import ArchitectureCheck
import ArgumentParser
import Checksums
import FormatProbe
import ModelArtifact
import ModelInspector
import RemoteArtifact
import SynapCommands
import SystemSeam

/// A remote input, opened: one object (paged in as the readers touch it) or an S3 prefix.
enum RemoteInput {
    case file(MappedFile)
    case folder(RemoteFolder)
}

/// The remote inputs of one command run, through one `RemoteStore` (credentials, connections and
/// request counters shared). Commands run on the main thread, off the concurrency pool, so a
/// reader may wait there for a page.
final class RemoteInputs {
    private let options: RemoteOptions
    private var opened: RemoteStore?

    init(_ options: RemoteOptions) {
        self.options = options
    }

    /// Closes the store's connections (AsyncHTTPClient requires it before its client goes).
    deinit {
        guard let opened else { return }
        _ = try? Blocking.run { () async throws(RemoteError) in await opened.shutdown() }
    }

    /// The paging of remote files: `DemandPaging.standard`, or the page size SYNAP_REMOTE_PAGE_SIZE
    /// names (bytes, a multiple of 4096; the knob Benchmarks/remote.sh measures page sizes with),
    /// the first fault still fetching 64 KiB.
    static var paging: DemandPaging {
        var paging = DemandPaging.standard
        if let text = getenv("SYNAP_REMOTE_PAGE_SIZE").map({ String(cString: $0) }), let size = Int(text), size > 0, size % 4096 == 0 {
            paging.pageSize = size
            paging.firstPages = max(1, (64 << 10) / size)
        }
        return paging
    }

    /// Requests sent and bytes received so far.
    var totals: (requests: Int, bytes: Int64) { store.totals }


    private var store: RemoteStore {
        if let opened { return opened }
        var log: (@Sendable (String) -> Void)?
        if options.verbose {
            log = { line in Console.error("remote: " + TerminalText.clean(line)) }
        }
        let store = RemoteStore(settings: AWSSettings.fromProcess(endpointOverride: options.s3Endpoint), paging: Self.paging,
                                unsigned: options.noSignRequest, log: log)
        opened = store
        return store
    }

    /// Opens the object or prefix `path` names: a HEAD for an object, a listing for a prefix. An
    /// `s3://bucket/name` that is no object but a prefix (`name/…`) opens as that prefix.
    func open(_ path: String) throws -> RemoteInput {
        let located: Located
        do throws(RemoteError) { located = try locate(path) } catch { throw error.artifactError }
        switch located {
        case .object(let object): return .file(try store.open(object))
        case .folder(let folder): return .folder(folder)
        }
    }

    /// What a remote path names, before it is opened.
    private enum Located {
        case object(RemoteObject)
        case folder(RemoteFolder)
    }

    /// The object `path` names, or the folder when it names a prefix.
    private func locate(_ path: String) throws(RemoteError) -> Located {
        let store = store
        guard let url = try RemoteURL(path) else {
            throw RemoteError(.invalidLocation, url: path, "not an s3:// or http(s):// location")
        }
        if case .s3(let location) = url, location.isPrefix { return .folder(try list(location)) }
        do throws(RemoteError) {
            return .object(try Blocking.run { () async throws(RemoteError) -> RemoteObject in try await store.head(url) })
        } catch where error.kind == .notFound {
            guard case .s3(let location) = url,
                  let folder = try? list(S3Location(bucket: location.bucket, key: location.key + "/")) else { throw error }
            return .folder(folder)
        }
    }

    /// The objects `path` names: one object, or every object under a prefix (with its name in it
    /// and the prefix).
    func objects(_ path: String) throws -> (folder: String?, objects: [(name: String, object: RemoteObject)]) {
        do throws(RemoteError) {
            switch try locate(path) {
            case .object(let object): return (nil, [(object.url.description, object)])
            case .folder(let folder): return (folder.path, folder.objects.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            }
        } catch {
            throw error.artifactError
        }
    }

    /// The digests of `object`, streamed once by parallel ranged reads.
    func digest(_ object: RemoteObject, algorithms: [DigestAlgorithm], ranges: [NamedRange],
                progress: ChecksumProgress?) throws -> FileDigest {
        let store = store
        do {
            return try Blocking.run { () async throws(RemoteError) -> FileDigest in
                do {
                    return try await store.digest(object, algorithms: algorithms, ranges: ranges) { progress?.add($0) }
                } catch let error as RemoteError {
                    throw error
                } catch {
                    throw RemoteError(.badAnswer, url: object.url.description, "\(error)")
                }
            }
        } catch {
            throw error.artifactError
        }
    }

    private func list(_ location: S3Location) throws(RemoteError) -> RemoteFolder {
        let store = store
        return try Blocking.run { () async throws(RemoteError) -> RemoteFolder in try await RemoteFolder.list(location, store: store) }
    }

    /// Opens `path`, runs `body` over it, and checks that every page read was the object's: the
    /// result and what reading it took. A remote failure is an `ArtifactError` naming the URL.
    func read<T>(_ path: String, _ body: (RemoteInput) throws -> T) throws -> (result: T, remote: RemoteSection) {
        let before = store.totals
        let input = try open(path)
        _ = store.takeFailures()
        let result = try body(input)
        // A page that could not be fetched read as zeros: whatever was read from it is thrown away
        // (every file's failures reach the store, also those of a prefix's files already gone).
        if let failure = store.takeFailures().first { throw failure }
        let after = store.totals
        return (result, RemoteSection(requests: after.requests - before.requests, bytesFetched: after.bytes - before.bytes))
    }

    /// The report of the remote file or checkpoint prefix `path`, with its `remote` section.
    func inspect(_ path: String) throws -> ModelReport {
        try inspectListing(path).report
    }

    /// The check of the remote file or checkpoint prefix `path`, and what reading it took.
    func check(_ path: String, _ choice: ArchitectureChecker.Choice) throws -> (result: CheckResult, remote: RemoteSection?) {
        let (report, names) = try inspectListing(path)
        return (ArchitectureChecker().check(report, choice, folderNames: names), report.section(RemoteSection.self))
    }

    /// The report of `path` (with its `remote` section) and, for a prefix, the names in it.
    private func inspectListing(_ path: String) throws -> (report: ModelReport, names: [String]?) {
        let ((report, names), remote) = try read(path) { input -> (ModelReport, [String]?) in
            switch input {
            case .file(let file):
                return (try ModelInspector.inspect(file: file), nil)
            case .folder(let folder):
                let detection = try FormatProbe.detect(folder: folder)
                guard detection.format == .hfCheckpoint else {
                    throw ArtifactError(file: path, offset: nil, rule: "not-a-checkpoint",
                                        expected: "a Hugging Face checkpoint under the prefix", found: detection.reason)
                }
                return (try ModelInspector.inspect(folder: folder, as: detection), try folder.names())
            }
        }
        var withRemote = report
        withRemote.set(remote)
        return (withRemote, names)
    }

    /// The detection of the remote object or prefix `path`, and what it took.
    func detect(_ path: String) throws -> (detection: Detection, remote: RemoteSection) {
        let (detection, remote) = try read(path) { input in
            switch input {
            case .file(let file): return FormatProbe.detect(file: file)
            case .folder(let folder): return try FormatProbe.detect(folder: folder)
            }
        }
        return (detection, remote)
    }

    /// The pickle verdicts of the remote object `path`, or of every file under the prefix, each
    /// with what reading it took.
    func scan(_ path: String) throws -> [ScanResult] {
        var opened: RemoteFolder?
        var (results, remote) = try read(path) { input -> [ScanResult] in
            switch input {
            case .file(let file):
                return [ScanResult(path: path, report: ModelInspector.judge(file))]
            case .folder(let folder):
                opened = folder
                return try ModelInspector.judgeFolder(folder).compactMap(ScanResult.init)
            }
        }
        // A file: what reading it took; a prefix's files: each its own pages.
        for index in results.indices { results[index].remote = opened == nil ? remote : opened?.fetched(results[index].path) }
        return results
    }
}
