/// A vector found in a FlatBuffer: where its elements start, how many, how wide.
struct FlatBufferVector {
    /// Absolute offset of the first element (just after the 4-byte length).
    let start: Int
    /// Number of elements.
    let count: Int
    /// Bytes per element (4 for offsets to tables and strings).
    let elementSize: Int
    /// Depth of the table that holds the vector.
    let depth: Int

    /// The absolute byte range of the elements.
    var byteRange: Range<Int> { start..<(start + count * elementSize) }
}

extension FlatBuffer {
    /// The vector at absolute `position`: its length readable, every element inside the buffer.
    func vector(at position: Int, elementSize: Int, depth: Int, what: @autoclosure () -> String) throws -> FlatBufferVector {
        try check(position, size: 4, align: 4, rule: "vector-out-of-range", what: "the length of \(what())")
        let count = Int(load(UInt32.self, at: position))
        guard count < limits.maxBufferSize / elementSize else {
            throw error("vector-too-long", at: position, expected: "\(what()) of fewer than \(limits.maxBufferSize / elementSize) elements",
                        found: "\(count) elements")
        }
        let start = position + 4
        guard count * elementSize <= end - start else {
            throw error("vector-out-of-range", at: position,
                        expected: "\(what()): \(count) elements of \(elementSize) bytes inside the FlatBuffer",
                        found: "\(max(end - start, 0)) bytes before its end")
        }
        return FlatBufferVector(start: start, count: count, elementSize: elementSize, depth: depth)
    }

    /// The vector that field `id` of `table` points at, or nil when absent.
    func vector(_ table: FlatBufferTable, _ id: Int, elementSize: Int) throws -> FlatBufferVector? {
        guard let position = fieldPosition(table, id) else { return nil }
        let what = "the vector in field \(id) of the table at \(table.position)"
        return try vector(at: follow(position, what: "the offset of field \(id)"), elementSize: elementSize,
                          depth: table.depth, what: what)
    }

    /// The string at absolute `position`: a byte vector followed by a NUL inside the buffer, decoded
    /// as UTF-8 (invalid sequences replaced).
    func string(at position: Int) throws -> String {
        let vector = try vector(at: position, elementSize: 1, depth: 0, what: "a string")
        let nul = vector.start + vector.count
        guard nul < end, byte(at: nul) == 0 else {
            throw error("string-unterminated", at: position, expected: "a string of \(vector.count) bytes ending in NUL",
                        found: nul < end ? "byte \(byte(at: nul)) after it" : "the end of the FlatBuffer")
        }
        try charge(vector.count, at: position)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[vector.start..<nul]), as: UTF8.self)
    }

    /// The string in field `id` of `table`, or nil when absent.
    func string(_ table: FlatBufferTable, _ id: Int) throws -> String? {
        guard let position = fieldPosition(table, id) else { return nil }
        return try string(at: follow(position, what: "the offset of string field \(id)"))
    }

    /// The `index`-th table of a vector of tables (`index` < `vector.count`).
    func table(in vector: FlatBufferVector, _ index: Int) throws -> FlatBufferTable {
        try table(at: follow(vector.start + 4 * index, what: "table offset \(index) of a vector"), depth: vector.depth + 1)
    }

    /// The elements of a scalar vector (`vector.elementSize` must be `T`'s size), counted as work.
    func scalars<T: FixedWidthInteger>(_ vector: FlatBufferVector, as type: T.Type) throws -> [T] {
        try charge(vector.count, at: vector.start)
        var out: [T] = []
        out.reserveCapacity(vector.count)
        for i in 0..<vector.count {
            out.append(load(T.self, at: vector.start + i * vector.elementSize))
        }
        return out
    }

    /// Scalar vector field `id` of `table` (`nil` when absent), its start counted if misaligned.
    func scalars<T: FixedWidthInteger>(_ table: FlatBufferTable, _ id: Int, as type: T.Type) throws -> [T]? {
        let size = MemoryLayout<T>.size
        guard let vector = try vector(table, id, elementSize: size) else { return nil }
        if size > 4 { try check(vector.start, size: 0, align: size, rule: "vector-out-of-range", what: "a vector") }
        return try scalars(vector, as: T.self)
    }

    /// Scalar vector field `id` of `table` read in one pass, each element decoded by `decode`: every value
    /// when there are at most `TFLiteSeries.listed`, and the range; nil when absent. Nothing is allocated
    /// for a long vector.
    func series<T: FixedWidthInteger, V>(_ table: FlatBufferTable, _ id: Int, as type: T.Type,
                                         _ decode: (T) -> V) throws -> TFLiteSeries<V>? {
        let size = MemoryLayout<T>.size
        guard let vector = try vector(table, id, elementSize: size) else { return nil }
        if size > 4 { try check(vector.start, size: 0, align: size, rule: "vector-out-of-range", what: "a vector") }
        try charge(vector.count, at: vector.start)
        var series = TFLiteSeries<V>(count: vector.count, values: [], min: nil, max: nil)
        let keep = vector.count <= TFLiteSeries<V>.listed
        for i in 0..<vector.count {
            let value = decode(load(T.self, at: vector.start + i * size))
            if keep { series.values.append(value) }
            if let low = series.min, let high = series.max {
                if value < low { series.min = value }
                if value > high { series.max = value }
            } else {
                series.min = value
                series.max = value
            }
        }
        return series
    }
}
