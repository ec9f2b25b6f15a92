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

    /// Calls `body` with the tensor's bytes in row-major order, in chunks of at most about `chunk`
    /// bytes; a source file truncated meanwhile ends it with a `file-changed` error.
    public func forEachChunk(chunk: Int = 8 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try validate()
        guard elementCount > 0 else { return }
        try file.guardedRead(at: base) {
            if isContiguous && !swapBytes {
                try file.forEachChunk(of: base..<(base + byteCount), chunk: chunk, body)
            } else {
                try gather(chunk: min(chunk, 4 << 20), body)
                file.advise(.dontNeed, range: sourceRange)
            }
        }
    }

    /// Appends the tensor's bytes in row-major order to `out`: a contiguous tensor is copied file to
    /// file (`AtomicOutput.copy`), a strided or byte-swapped one gathered here first.
    public func write(to out: AtomicOutput) throws {
        try validate()
        if isContiguous && !swapBytes {
            try out.copy(file, base..<(base + byteCount))
        } else {
            try forEachChunk { try out.write($0) }
        }
    }

    /// The bytes from the first element viewed to just past the last (validated sizes and strides).
    var sourceRange: Range<Int> {
        base..<(base + Self.extent(shape: shape, strides: strides ?? Self.contiguous(shape)) * elementSize)
    }

    /// Copies a strided or byte-swapped tensor row by row (a row: the innermost dimension, copied in
    /// one run when its elements are adjacent, else element by element) into a buffer handed to
    /// `body` whenever it is full. A view spread over more than one buffer's worth of its source
    /// (a transposed matrix revisits every page for each row) has its source pages released after
    /// each buffer, so memory stays bounded by the buffer, not the source.
    private func gather(chunk: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let strides = self.strides ?? Self.contiguous(shape)
        let rank = shape.count
        let size = elementSize
        let inner = rank > 0 ? shape[rank - 1] : 1
        let step = (rank > 0 ? strides[rank - 1] : 1) * size
        let runs = step == size && !swapBytes
        let segment = max(1, chunk / size)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunk, size), alignment: 16)
        defer { buffer.deallocate() }
        let source = sourceRange
        let release = source.count > chunk
        let bytes = file.bytes.baseAddress!
        var filled = 0
        var index = [Int](repeating: 0, count: max(rank - 1, 0))
        for _ in 0..<(elementCount / inner) {
            var element = 0
            for k in index.indices { element += index[k] * strides[k] }
            var from = bytes + base + element * size
            var left = inner
            while left > 0 {
                let count = min(left, segment, (buffer.count - filled) / size)
                if count == 0 {
                    try body(UnsafeRawBufferPointer(start: buffer.baseAddress, count: filled))
                    filled = 0
                    if release { file.advise(.dontNeed, range: source) }
                    continue
                }
                let to = buffer.baseAddress! + filled
                if runs {
                    to.copyMemory(from: from, byteCount: count * size)
                    from += count * size
                } else {
                    Self.copyElements(count, size: size, from: &from, step: step, to: to, swap: swapBytes)
                }
                filled += count * size
                left -= count
            }
            var k = index.count - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < shape[k] { break }
                index[k] = 0
                k -= 1
            }
        }
        if filled > 0 { try body(UnsafeRawBufferPointer(start: buffer.baseAddress, count: filled)) }
    }

    /// Copies `count` elements of `size` bytes, `step` bytes apart from `from` (advanced past them), to `to`,
    /// reversing each element's bytes when `swap` is set.
    private static func copyElements(_ count: Int, size: Int, from: inout UnsafeRawPointer, step: Int,
                                     to: UnsafeMutableRawPointer, swap: Bool) {
        func move<T: FixedWidthInteger>(_: T.Type) {
            for i in 0..<count {
                let value = from.loadUnaligned(fromByteOffset: i * step, as: T.self)
                to.storeBytes(of: swap ? value.byteSwapped : value, toByteOffset: i * size, as: T.self)
            }
        }
        switch size {
        case 1: move(UInt8.self)
        case 2: move(UInt16.self)
        case 4: move(UInt32.self)
        case 8: move(UInt64.self)
        default:
            for i in 0..<count {
                let src = from + i * step
                let dst = to + i * size
                for b in 0..<size { dst.storeBytes(of: src.load(fromByteOffset: swap ? size - 1 - b : b, as: UInt8.self), toByteOffset: b, as: UInt8.self) }
            }
        }
        from += count * step
    }
}
