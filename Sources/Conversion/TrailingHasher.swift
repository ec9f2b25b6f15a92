import Crypto
import Dispatch
import ModelArtifact
import Synchronization
import SystemSeam

/// SHA-256 of a file computed while it is being written: a second thread follows the writer,
/// reading back what was written (from the page cache, through a small buffer that stays in the
/// CPU's cache) and hashing it, so the digest is of the bytes actually in the file, and hashing
/// overlaps writing instead of following it.
final class TrailingHasher: @unchecked Sendable {
    /// Bytes hashed per turn before looking for more.
    static let window = 16 << 20

    private let path: String
    private let fd: Int32
    private let written = Atomic<Int>(0)
    private let finished = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let group = DispatchGroup()
    // Touched only by the hashing thread until `group` is done.
    private var hasher = SHA256()
    private var failure: ArtifactError?
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 4096)

    /// Starts following the file at `path` (already created by the writer).
    init(path: String) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ArtifactError(file: path, offset: nil, rule: "convert-cannot-write", expected: "the output readable back",
                                found: String(cString: strerror(errno)))
        }
        self.path = path
        DispatchQueue.global().async(group: group) { self.run() }
    }

    // The hashing thread holds a reference until `finish()` lets it end: the owner must call it.
    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Tells the hasher the file now holds `end` bytes.
    func advance(to end: Int) {
        written.store(end, ordering: .releasing)
        wake.signal()
    }

    /// Waits until every byte written is hashed and ends the hashing thread; returns the digest or
    /// the error met reading back. Must be called once, also when the output is abandoned.
    func finish() throws -> SHA256.Digest {
        finished.store(true, ordering: .releasing)
        wake.signal()
        group.wait()
        if let failure { throw failure }
        return hasher.finalize()
    }

    private func run() {
        var hashed = 0
        while failure == nil {
            // `finished` is read before `written`: once it is true, `written` is final.
            let last = finished.load(ordering: .acquiring)
            let end = written.load(ordering: .acquiring)
            while hashed < end, failure == nil {
                let next = min(end, hashed + Self.window)
                hash(hashed..<next)
                hashed = next
            }
            if last { return }
            wake.wait()
        }
    }

    private func hash(_ range: Range<Int>) {
        var at = range.lowerBound
        while at < range.upperBound {
            let room = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, range.upperBound - at)])
            let n = Syscall.read(fd, into: room, at: at)
            guard n > 0 else {
                failure = ArtifactError(file: path, offset: at, rule: "convert-cannot-write", expected: "the bytes written readable back",
                                        found: n == 0 ? "the end of the file" : String(cString: strerror(errno)))
                return
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            at += n
        }
    }
}
