import ModelArtifact

/// A table found in a FlatBuffer: where it starts, where its vtable lies, how deep it is nested.
struct FlatBufferTable {
    /// Absolute offset of the table (its `soffset` to the vtable).
    let position: Int
    /// Absolute offset of the vtable.
    let vtable: Int
    /// The vtable's size in bytes (even, at least 4, inside the buffer).
    let vtableSize: Int
    /// Nesting depth: the root table is 1.
    let depth: Int
}

/// Verified read access to one FlatBuffer lying in a range of a `MappedFile`.
///
/// Every offset is checked before it is followed, as FlatBuffers' `Verifier` checks it: inside the
/// buffer, non-zero, forward and below 2^31; vtables even-sized and inside the buffer; strings
/// NUL-terminated inside it; vector lengths that fit; nesting depth and table count capped. A broken
/// one throws `ArtifactError` with its absolute position. Misaligned fields (which the Verifier also
/// rejects) are read all the same and counted, so a reader can report them. Nothing is copied but
/// the strings and scalar vectors asked for.
final class FlatBuffer {
    /// The file read.
    let file: MappedFile
    /// Absolute offset of the FlatBuffer's first byte (its offset 0).
    let base: Int
    /// Absolute end of the bytes offsets may reach.
    let end: Int
    /// The caps.
    let limits: FlatBufferLimits
    /// Tables visited so far.
    private(set) var tableCount = 0
    /// Vector elements and string bytes materialised so far.
    private(set) var work = 0
    /// Fields, offsets and vectors found at positions not aligned to their size.
    private(set) var misalignedCount = 0
    /// The first such position.
    private(set) var firstMisaligned: Int?
    /// The whole file's bytes (positions are absolute).
    let bytes: UnsafeRawBufferPointer
    /// 2 MiB regions read since the last release, and the last one.
    private var regions: [Int] = []
    private var lastRegion = -1
    /// Regions released so far.
    private(set) var releasedRegions = 0

    /// The FlatBuffer in `range` of `file`; reaches at most `limits.maxBufferSize` bytes.
    init(file: MappedFile, range: Range<Int>, limits: FlatBufferLimits = FlatBufferLimits()) {
        self.file = file
        let clamped = range.clamped(to: 0..<file.size)
        self.base = clamped.lowerBound
        self.end = clamped.lowerBound + min(clamped.count, max(limits.maxBufferSize, 0))
        self.limits = limits
        self.bytes = file.bytes
    }

    /// An error at absolute `position`.
    func error(_ rule: String, at position: Int, expected: String, found: String) -> ArtifactError {
        ArtifactError(file: file.path, offset: position, rule: rule, expected: expected, found: found)
    }

    /// The little-endian scalar at `position`, which the caller has checked.
    @inline(__always)
    func load<T: FixedWidthInteger>(_ type: T.Type, at position: Int) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
    }

    /// The byte at `position`, which the caller has checked.
    @inline(__always)
    func byte(at position: Int) -> UInt8 { bytes[position] }

    /// Throws `rule` unless `size` bytes at `position` lie in the buffer; counts a misaligned position.
    func check(_ position: Int, size: Int, align: Int, rule: String, what: @autoclosure () -> String) throws {
        guard position >= base, size >= 0, position <= end - size else {
            throw error(rule, at: position, expected: "\(what()) (\(size) bytes) inside the FlatBuffer at \(base)..<\(end)",
                        found: position < base ? "a position before it" : "a position past its end")
        }
        if align > 1, (position - base) % align != 0 {
            misalignedCount += 1
            if firstMisaligned == nil { firstMisaligned = position }
        }
        note(position)
    }

    /// Records that the 2 MiB region of `position` is about to be read; past `limits.maxResidentRegions`
    /// regions, releases them all (reading them again only faults them back in from the page cache).
    @inline(__always)
    private func note(_ position: Int) {
        let region = position >> 21
        guard region != lastRegion else { return }
        lastRegion = region
        guard !regions.contains(region) else { return }
        regions.append(region)
        guard regions.count > limits.maxResidentRegions else { return }
        for r in regions { file.advise(.dontNeed, range: (r << 21)..<((r + 1) << 21)) }
        releasedRegions += regions.count
        regions.removeAll(keepingCapacity: true)
        regions.append(region)
    }

    /// Adds `amount` to the work done; throws `too-much-work` past `limits.maxWork`.
    func charge(_ amount: Int, at position: Int) throws {
        work += amount
        guard work <= limits.maxWork else {
            throw error("too-much-work", at: position, expected: "at most \(limits.maxWork) vector elements and string bytes read",
                        found: "more (offsets that point at the same data again and again?)")
        }
    }

    /// The root table, after checking the 4-byte file identifier at offset 4.
    func root(identifier: [UInt8]) throws -> FlatBufferTable {
        guard end - base >= 8 else {
            throw error("truncated", at: base, expected: "a FlatBuffer of at least 8 bytes (root offset, identifier)",
                        found: "\(end - base) bytes")
        }
        for (i, b) in identifier.enumerated() where bytes[base + 4 + i] != b {
            let found = (0..<identifier.count).map { String(bytes[base + 4 + $0], radix: 16) }.joined(separator: " ")
            throw error("wrong-identifier", at: base + 4,
                        expected: "the file identifier \"\(String(decoding: identifier, as: UTF8.self))\"", found: "bytes \(found)")
        }
        return try table(at: follow(base, what: "the root table offset"), depth: 1)
    }

    /// The absolute target of the `uoffset_t` at `position`: non-zero, below 2^31, inside the buffer.
    func follow(_ position: Int, what: @autoclosure () -> String) throws -> Int {
        try check(position, size: 4, align: 4, rule: "offset-out-of-range", what: what())
        let raw = load(UInt32.self, at: position)
        guard raw != 0 else {
            throw error("offset-zero", at: position, expected: "\(what()) pointing forward", found: "0 (pointing at itself)")
        }
        guard raw < 0x8000_0000 else {
            throw error("offset-out-of-range", at: position, expected: "\(what()) below 2^31", found: "\(raw)")
        }
        let target = position + Int(raw)
        guard target < end else {
            throw error("offset-out-of-range", at: position, expected: "\(what()) inside the FlatBuffer (before \(end))",
                        found: "\(raw), reaching \(target)")
        }
        return target
    }

    /// The table at absolute `position`, its vtable checked; counts against the table and depth caps.
    func table(at position: Int, depth: Int) throws -> FlatBufferTable {
        guard depth <= limits.maxDepth else {
            throw error("too-deep", at: position, expected: "tables nested at most \(limits.maxDepth) deep", found: "depth \(depth)")
        }
        tableCount += 1
        guard tableCount <= limits.maxTables else {
            throw error("too-many-tables", at: position, expected: "at most \(limits.maxTables) tables", found: "more")
        }
        try check(position, size: 4, align: 4, rule: "table-out-of-range", what: "a table")
        let vtable = position - Int(load(Int32.self, at: position))
        try check(vtable, size: 4, align: 2, rule: "vtable-out-of-range", what: "the vtable of the table at \(position)")
        let size = Int(load(UInt16.self, at: vtable))
        guard size % 2 == 0 else {
            throw error("vtable-size-odd", at: vtable, expected: "an even vtable size", found: "\(size)")
        }
        guard size >= 4 else {
            throw error("vtable-too-small", at: vtable, expected: "a vtable of at least 4 bytes", found: "\(size)")
        }
        try check(vtable, size: size, align: 2, rule: "vtable-out-of-range", what: "the vtable of the table at \(position)")
        return FlatBufferTable(position: position, vtable: vtable, vtableSize: size, depth: depth)
    }

    /// The absolute position of field `id` of `table`, or nil when the field is absent (default).
    func fieldPosition(_ table: FlatBufferTable, _ id: Int) -> Int? {
        let slot = 4 + 2 * id
        guard slot + 2 <= table.vtableSize else { return nil }
        let offset = Int(load(UInt16.self, at: table.vtable + slot))
        return offset == 0 ? nil : table.position + offset
    }

    /// Scalar field `id` of `table`, or `value` when absent.
    func scalar<T: FixedWidthInteger>(_ table: FlatBufferTable, _ id: Int, default value: T) throws -> T {
        guard let position = fieldPosition(table, id) else { return value }
        let size = MemoryLayout<T>.size
        try check(position, size: size, align: size, rule: "field-out-of-range", what: "field \(id) of the table at \(table.position)")
        return load(T.self, at: position)
    }

    /// Boolean field `id` of `table`, or `value` when absent.
    func bool(_ table: FlatBufferTable, _ id: Int, default value: Bool = false) throws -> Bool {
        try scalar(table, id, default: UInt8(value ? 1 : 0)) != 0
    }

    /// The table that field `id` of `table` points at, or nil when absent.
    func table(_ table: FlatBufferTable, _ id: Int) throws -> FlatBufferTable? {
        guard let position = fieldPosition(table, id) else { return nil }
        return try self.table(at: follow(position, what: "the offset of field \(id)"), depth: table.depth + 1)
    }

    /// A union field: its type (field `typeID`, 0 for NONE) and, when set, the table (field `valueID`).
    func union(_ table: FlatBufferTable, type typeID: Int, value valueID: Int) throws -> (type: UInt8, table: FlatBufferTable?) {
        let type = try scalar(table, typeID, default: UInt8(0))
        guard type != 0 else { return (0, nil) }
        return (type, try self.table(table, valueID))
    }
}
