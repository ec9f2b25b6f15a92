import Dispatch
import ModelArtifact
import Synchronization
import SystemSeam

/// One file to digest.
public struct ChecksumJob: Sendable {
    /// The path to read.
    public var path: String
    /// Byte ranges (tensors) to digest on their own.
    public var ranges: [NamedRange]
    /// Creates a job.
    public init(path: String, ranges: [NamedRange] = []) {
        self.path = path
        self.ranges = ranges
    }
}

/// Bytes done so far, shared between the hashing threads and whoever shows progress.
public final class ChecksumProgress: Sendable {
    private let done = Atomic<Int>(0)
    /// The total bytes the run will read.
    public let total: Int

    /// A meter for a run of `total` bytes.
    public init(total: Int) { self.total = total }

    /// Bytes read so far.
    public var completed: Int { done.load(ordering: .relaxed) }

    /// Records `bytes` more done.
    public func add(_ bytes: Int) { done.add(bytes, ordering: .relaxed) }
}

/// Digests many files at once: as many files at a time as there are cores, the largest first (so
/// a big shard never starts last and leaves the other cores idle), results in the order given.
public struct ChecksumRunner: Sendable {
    /// How each file is read.
    public var digester: FileDigester
    /// Files hashed at the same time.
    public var parallelFiles: Int

    /// A runner with `digester`, using every core unless told otherwise.
    public init(digester: FileDigester = FileDigester(), parallelFiles: Int? = nil) {
        self.digester = digester
        self.parallelFiles = max(1, parallelFiles ?? Self.coreCount)
    }

    /// The number of cores this process may use.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The sizes of the files to read (0 for those that cannot be examined; their error comes later).
    public static func sizes(of jobs: [ChecksumJob]) -> [Int] {
        jobs.map { job in
            let status = FileStatus(path: job.path)
            return status.kind == .regular ? status.size : 0
        }
    }

    /// Digests every job with `algorithms`; each result is the digest or the file's error.
    public func run(_ jobs: [ChecksumJob], algorithms: [DigestAlgorithm],
                    progress: ChecksumProgress? = nil) -> [Result<FileDigest, ArtifactError>] {
        let sizes = Self.sizes(of: jobs)
        let order = jobs.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        let next = Atomic<Int>(0)
        let results = Mutex<[Result<FileDigest, ArtifactError>?]>(Array(repeating: nil, count: jobs.count))
        // With several files in flight, the cores are busy already: no extra threads per file.
        var perFile = digester
        if jobs.count > 1 && parallelFiles > 1 { perFile.parallelWithinFile = false }
        let worker = perFile
        DispatchQueue.concurrentPerform(iterations: min(parallelFiles, max(1, jobs.count))) { _ in
            while true {
                let slot = next.add(1, ordering: .relaxed).oldValue
                guard slot < order.count else { return }
                let index = order[slot]
                let job = jobs[index]
                let result: Result<FileDigest, ArtifactError>
                do {
                    result = .success(try worker.digest(path: job.path, algorithms: algorithms, ranges: job.ranges) {
                        progress?.add($0)
                    })
                } catch let error as ArtifactError {
                    result = .failure(error)
                } catch {
                    result = .failure(ArtifactError(file: job.path, offset: nil, rule: "unreadable",
                                                    expected: "a readable file", found: "\(error)"))
                }
                results.withLock { $0[index] = result }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}
