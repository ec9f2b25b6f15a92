import Dispatch
import ModelArtifact
import Synchronization

/// A `PageSupplier` over bytes in memory (or a local file's mapping), answering on another thread
/// as a remote store would, and recording every range asked; `failing` makes the reads that touch
/// it fail.
public final class MemoryPageSupplier: PageSupplier, Sendable {
    public let source: MappedFile
    public let name: String
    private let failing: Range<Int>?
    private let asked = Mutex<[Range<Int>]>([])

    public convenience init(_ bytes: [UInt8], name: String = "mem://object", failing: Range<Int>? = nil) {
        self.init(MappedFile(bytes: bytes, name: name), name: name, failing: failing)
    }

    /// A supplier of `source`'s bytes under the name `name`.
    public init(_ source: MappedFile, name: String, failing: Range<Int>? = nil) {
        self.source = source
        self.name = name
        self.failing = failing
    }

    /// The ranges asked so far, in the order asked.
    public var requests: [Range<Int>] { asked.withLock { $0 } }

    public func read(_ range: Range<Int>, done: @escaping @Sendable (Result<[UInt8], ArtifactError>) -> Void) {
        asked.withLock { $0.append(range) }
        let failing = failing
        let source = source
        let name = name
        DispatchQueue.global().async {
            if let failing, failing.overlaps(range) {
                done(.failure(ArtifactError(file: name, offset: range.lowerBound, rule: "remote-test-failure",
                                            expected: "the bytes", found: "a failure the test asked for")))
            } else {
                done(.success(Array(source.bytes[range])))
            }
        }
    }

    /// A demand-paged file over these bytes.
    public func file(paging: DemandPaging = .standard) throws -> MappedFile {
        try MappedFile(demandPaged: self, size: source.size, name: name, paging: paging)
    }
}
