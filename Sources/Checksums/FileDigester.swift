import Crypto
import Dispatch
import ModelArtifact

/// Computes every requested digest of one file in a single pass over its bytes.
///
/// Each window of the file is handed to every running hasher that covers it: the whole-file
/// SHA-256 and MD5, the MD5 of each S3 part and the SHA-256 of each named range (tensor). Hashers of
/// different ranges are independent, so within a window they run in parallel; one SHA-256 over a
/// file is serial by nature.
public struct FileDigester: Sendable {
    /// Bytes mapped at a time. Peak memory is about this times the files hashed at once.
    public var windowSize: Int
    /// Whether independent hashers of one window may run on several cores.
    public var parallelWithinFile: Bool

    /// The default: 8 MiB windows (two mapped per file at a time), parallel hashers.
    public init(windowSize: Int = 8 << 20, parallelWithinFile: Bool = true) {
        self.windowSize = max(4096, windowSize)
        self.parallelWithinFile = parallelWithinFile
    }

    /// Digests the file at `path` with `algorithms`, plus the SHA-256 of each of `ranges`;
    /// `progress` is told how many bytes each finished window held.
    public func digest(path: String, algorithms: [DigestAlgorithm], ranges: [NamedRange] = [],
                       progress: (Int) -> Void = { _ in }) throws -> FileDigest {
        let file = try StreamedFile(path: path)
        let size = file.size
        for named in ranges where named.range.lowerBound < 0 || named.range.upperBound > size {
            throw ArtifactError(file: path, offset: named.range.lowerBound, rule: "range-out-of-file",
                                expected: "tensor \(named.name) inside the file's \(size) bytes",
                                found: "bytes \(named.range.lowerBound)..<\(named.range.upperBound)")
        }
        var plan = HashPlan(size: size, algorithms: algorithms, ranges: ranges)
        try file.forEachWindow(of: 0..<size, windowSize: windowSize) { window, bytes in
            plan.feed(window: window, bytes: bytes, parallel: parallelWithinFile)
            progress(window.count)
        }
        try file.checkUnchanged()
        return plan.result(path: path)
    }
}

/// The hashers of one pass and the windows they cover.
struct HashPlan {
    let size: Int
    var whole: [(DigestAlgorithm, RangeHasher)] = []
    var partSize: Int?
    var nextPart = 0
    var openParts: [RangeHasher] = []
    var partDigests: [[UInt8]] = []
    var ranges: [NamedRange]
    var rangeOrder: [Int]
    var nextRange = 0
    var openRanges: [(index: Int, hasher: RangeHasher)] = []
    var rangeDigests: [Int: [UInt8]] = [:]

    init(size: Int, algorithms: [DigestAlgorithm], ranges: [NamedRange]) {
        self.size = size
        for algorithm in algorithms {
            switch algorithm {
            case .sha256: whole.append((algorithm, RangeHasher(.sha256, range: 0..<size)))
            case .md5: whole.append((algorithm, RangeHasher(.md5, range: 0..<size)))
            case .etag(let part): partSize = part
            }
        }
        self.ranges = ranges
        self.rangeOrder = ranges.indices.sorted { ranges[$0].range.lowerBound < ranges[$1].range.lowerBound }
    }

    /// Feeds one window to every hasher that covers part of it, then closes the ones it completes.
    mutating func feed(window: Range<Int>, bytes: UnsafeRawBufferPointer, parallel: Bool) {
        if let partSize {
            while nextPart * partSize < window.upperBound {
                let start = nextPart * partSize
                openParts.append(RangeHasher(.md5, range: start..<min(size, start + partSize)))
                nextPart += 1
            }
        }
        while nextRange < rangeOrder.count, ranges[rangeOrder[nextRange]].range.lowerBound < window.upperBound {
            let index = rangeOrder[nextRange]
            openRanges.append((index, RangeHasher(.sha256, range: ranges[index].range)))
            nextRange += 1
        }
        var hashers: [RangeHasher] = whole.map(\.1) + openParts + openRanges.map(\.hasher)
        let count = hashers.count
        hashers.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedHashers(buffer: buffer, bytes: bytes)
            if parallel && count > 1 {
                DispatchQueue.concurrentPerform(iterations: count) { i in
                    shared.buffer[i].update(window: shared.bytes, covering: window)
                }
            } else {
                for i in 0..<count { shared.buffer[i].update(window: bytes, covering: window) }
            }
        }
        var cursor = 0
        for i in whole.indices { whole[i].1 = hashers[cursor]; cursor += 1 }
        for i in openParts.indices { openParts[i] = hashers[cursor]; cursor += 1 }
        for i in openRanges.indices { openRanges[i].hasher = hashers[cursor]; cursor += 1 }
        while let first = openParts.first, first.range.upperBound <= window.upperBound {
            partDigests.append(first.finalize())
            openParts.removeFirst()
        }
        openRanges.removeAll { item in
            guard item.hasher.range.upperBound <= window.upperBound else { return false }
            rangeDigests[item.index] = item.hasher.finalize()
            return true
        }
    }

    /// The digests, once every window has been fed.
    mutating func result(path: String) -> FileDigest {
        // Empty ranges (and an empty file) are never covered by a window: they finish here.
        for index in rangeOrder where rangeDigests[index] == nil {
            rangeDigests[index] = RangeHasher(.sha256, range: ranges[index].range).finalize()
        }
        var digest = FileDigest(path: path, size: size)
        for (algorithm, hasher) in whole {
            switch algorithm {
            case .sha256: digest.sha256 = HexText.lowercase(hasher.finalize())
            case .md5: digest.md5 = HexText.lowercase(hasher.finalize())
            case .etag: break
            }
        }
        if let partSize {
            digest.partSize = partSize
            digest.partMD5s = partDigests.map(HexText.lowercase)
            if size < partSize {
                digest.etag = HexText.lowercase(partDigests.first ?? Array(Insecure.MD5.hash(data: [UInt8]())))
                if partDigests.isEmpty { digest.partMD5s = [digest.etag!] }
            } else {
                var combined = Insecure.MD5()
                for part in partDigests { combined.update(data: part) }
                digest.etag = HexText.lowercase(combined.finalize()) + "-\(partDigests.count)"
            }
        }
        if !ranges.isEmpty {
            digest.ranges = ranges.indices.map { (ranges[$0].name, ranges[$0].range, HexText.lowercase(rangeDigests[$0] ?? [])) }
        }
        return digest
    }
}

/// Hashers of distinct ranges, each updated by exactly one task of a window, and the window's
/// bytes, which are only read.
private struct SharedHashers: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<RangeHasher>
    let bytes: UnsafeRawBufferPointer
}
