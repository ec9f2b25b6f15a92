import ModelArtifact

/// Where one tensor's elements lie in a mapped file: a base byte offset and strides in elements
/// (row-major contiguous when `strides` is nil), read out in row-major order.
public struct StridedTensor: Sendable {
    /// The name written for it.
    public var name: String
    /// Element type.
    public var dtype: DType
    /// Sizes.
    public var shape: [Int]
    /// The file holding the bytes.
    public var file: MappedFile
    /// Absolute offset of element (0, 0, …).
    public var base: Int
    /// Strides in elements; nil for a contiguous tensor.
    public var strides: [Int]?
    /// Bytes per element.
    public var elementSize: Int
    /// True when each element's bytes must be reversed (big-endian source).
    public var swapBytes: Bool = false

    /// Creates a tensor layout.
    public init(name: String, dtype: DType, shape: [Int], file: MappedFile, base: Int, strides: [Int]?, elementSize: Int,
                swapBytes: Bool = false) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.file = file
        self.base = base
        self.strides = strides
        self.elementSize = elementSize
        self.swapBytes = swapBytes
    }

    /// Element count (shape checked non-negative and without overflow by `validate`).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Bytes the tensor occupies once written contiguously.
    public var byteCount: Int { elementCount * elementSize }

    /// Throws unless every element it reads lies inside the file.
    public func validate() throws {
        var count = 1
        var last = 0
        let strides = self.strides ?? Self.contiguous(shape)
        guard strides.count == shape.count, elementSize > 0 else { throw bad("strides that match the shape") }
        for (dim, stride) in zip(shape, strides) {
            guard dim >= 0, stride >= 0 else { throw bad("non-negative sizes and strides") }
            let (c, o1) = count.multipliedReportingOverflow(by: dim)
            guard !o1 else { throw bad("an element count that fits") }
            count = c
            if dim > 0 {
                let (term, o2) = (dim - 1).multipliedReportingOverflow(by: stride)
                let (sum, o3) = last.addingReportingOverflow(term)
                guard !o2, !o3 else { throw bad("strides that fit") }
                last = sum
            }
        }
        let (bytes, o4) = count.multipliedReportingOverflow(by: elementSize)
        guard !o4 else { throw bad("a byte count that fits") }
        guard count > 0 else { return }
        let (end, o5) = (last + 1).multipliedReportingOverflow(by: elementSize)
        let (stop, o6) = base.addingReportingOverflow(end)
        guard !o5, !o6, base >= 0, stop <= file.size, bytes >= 0 else {
            throw bad("bytes inside the file (\(file.size) bytes)")
        }
    }

    private func bad(_ expected: String) -> ArtifactError {
        ArtifactError(file: file.path, offset: base, rule: "convert-tensor-out-of-bounds", expected: "tensor '\(name)' with \(expected)",
                      found: "shape \(shape), strides \(strides.map { "\($0)" } ?? "contiguous")")
    }

    /// Row-major strides for `shape`.
    public static func contiguous(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for k in shape.indices.reversed() {
            strides[k] = running
            running = running &* max(shape[k], 1)
        }
        return strides
    }

    /// Elements from the first to just past the last one viewed (validated sizes and strides).
    static func extent(shape: [Int], strides: [Int]) -> Int {
        guard !shape.contains(0) else { return 0 }
        return zip(shape, strides).reduce(0) { $0 + ($1.0 - 1) * $1.1 } + 1
    }

    /// True when the strides are the row-major ones (dimensions of size 1 ignored).
    public var isContiguous: Bool {
        guard let strides else { return true }
        var expected = 1
        for k in shape.indices.reversed() where shape[k] != 1 {
            guard strides[k] == expected else { return false }
            expected &*= shape[k]
        }
        return true
    }

    /// Calls `body` with the tensor's bytes in row-major order, in chunks of at most about `chunk` bytes.
    public func forEachChunk(chunk: Int = 8 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try validate()
        guard elementCount > 0 else { return }
        if isContiguous && !swapBytes {
            try file.forEachChunk(of: base..<(base + byteCount), chunk: chunk, body)
            return
        }
        try gather(chunk: chunk, body)
        file.advise(.dontNeed, range: base..<(base + Self.extent(shape: shape, strides: strides ?? Self.contiguous(shape)) * elementSize))
    }

    /// Element-by-element (run-by-run) copy of a strided or byte-swapped tensor.
    private func gather(chunk: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let strides = self.strides ?? Self.contiguous(shape)
        let rank = shape.count
        // The innermost run copied at once: the last dimension when its stride is 1.
        let runLength = rank > 0 && strides[rank - 1] == 1 && !swapBytes ? shape[rank - 1] : 1
        let outer = rank > 0 && runLength > 1 ? rank - 1 : rank
        var buffer: [UInt8] = []
        let capacity = max(chunk, runLength * elementSize)
        buffer.reserveCapacity(capacity)
        var index = [Int](repeating: 0, count: rank)
        let bytes = file.bytes
        var remaining = elementCount / runLength
        while remaining > 0 {
            var element = 0
            for k in 0..<outer { element += index[k] * strides[k] }
            let start = base + element * elementSize
            let length = runLength * elementSize
            if swapBytes {
                buffer.append(contentsOf: bytes[start..<(start + length)].reversed())
            } else {
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]))
            }
            if buffer.count + length > capacity {
                try buffer.withUnsafeBytes { try body($0) }
                buffer.removeAll(keepingCapacity: true)
            }
            remaining -= 1
            var k = outer - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < shape[k] { break }
                index[k] = 0
                k -= 1
            }
        }
        if !buffer.isEmpty { try buffer.withUnsafeBytes { try body($0) } }
    }
}
