/// A FlatBuffer value for tests: tables by field id, strings, scalar vectors, vectors of tables.
indirect enum FB {
    /// A table: field id → value (scalars inline, the rest by offset).
    case table([Int: FB])
    case string(String)
    /// A `[ubyte]` vector.
    case bytes([UInt8])
    case int32s([Int32])
    case int64s([Int64])
    case floats([Float])
    case tables([FB])
    /// An inline scalar of `size` bytes (1, 2, 4 or 8), little-endian.
    case scalar(size: Int, bits: UInt64)

    static func i8(_ v: Int8) -> FB { .scalar(size: 1, bits: UInt64(UInt8(bitPattern: v))) }
    static func u8(_ v: UInt8) -> FB { .scalar(size: 1, bits: UInt64(v)) }
    static func bool(_ v: Bool) -> FB { .scalar(size: 1, bits: v ? 1 : 0) }
    static func i32(_ v: Int32) -> FB { .scalar(size: 4, bits: UInt64(UInt32(bitPattern: v))) }
    static func u32(_ v: UInt32) -> FB { .scalar(size: 4, bits: UInt64(v)) }
    static func u64(_ v: UInt64) -> FB { .scalar(size: 8, bits: v) }
}

/// Lays out `FB` values front to back: a parent before its children (so every `uoffset` points
/// forward), each vtable just before its table, scalars aligned to their size. Positions can be
/// read back (`positions`) so tests can damage a chosen field.
struct FlatBufferWriter {
    private(set) var bytes: [UInt8] = []
    /// Where each table was placed, in placement order.
    private(set) var tablePositions: [Int] = []

    /// The position of the `index`-th table placed and of its vtable (read back from its `soffset`, which is small here).
    func table(_ index: Int) -> (table: Int, vtable: Int) {
        let table = tablePositions[index]
        return (table, table - Int(bytes[table]) - Int(bytes[table + 1]) << 8)
    }

    /// A whole buffer: root offset, `identifier` (4 bytes), then `root`.
    static func buffer(_ root: FB, identifier: String = "TFL3") -> [UInt8] {
        var writer = FlatBufferWriter()
        return writer.write(root, identifier: identifier)
    }

    mutating func write(_ root: FB, identifier: String) -> [UInt8] {
        bytes = [0, 0, 0, 0] + Array(identifier.utf8.prefix(4))
        while bytes.count < 8 { bytes.append(0) }
        let position = place(root)
        patch(UInt32(position), at: 0)
        align(16)
        return bytes
    }

    private mutating func align(_ n: Int) {
        while bytes.count % n != 0 { bytes.append(0) }
    }

    private mutating func append(_ bits: UInt64, size: Int) {
        for i in 0..<size { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i)))) }
    }

    private mutating func patch(_ value: UInt32, at position: Int) {
        for i in 0..<4 { bytes[position + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }

    private mutating func patch16(_ value: Int, at position: Int) {
        bytes[position] = UInt8(value & 0xff)
        bytes[position + 1] = UInt8(value >> 8)
    }

    /// Places `node` at the end and returns its position (a table's start, a vector's length).
    private mutating func place(_ node: FB) -> Int {
        switch node {
        case .table(let fields):
            return placeTable(fields)
        case .string(let text):
            align(4)
            let position = bytes.count
            append(UInt64(text.utf8.count), size: 4)
            bytes += Array(text.utf8) + [0]
            return position
        case .bytes(let data):
            return placeVector(data.count, elementSize: 1) { $0.bytes += data }
        case .int32s(let values):
            return placeVector(values.count, elementSize: 4) { w in values.forEach { w.append(UInt64(UInt32(bitPattern: $0)), size: 4) } }
        case .int64s(let values):
            return placeVector(values.count, elementSize: 8) { w in values.forEach { w.append(UInt64(bitPattern: $0), size: 8) } }
        case .floats(let values):
            return placeVector(values.count, elementSize: 4) { w in values.forEach { w.append(UInt64($0.bitPattern), size: 4) } }
        case .tables(let list):
            let position = placeVector(list.count, elementSize: 4) { w in w.bytes += [UInt8](repeating: 0, count: 4 * list.count) }
            for (i, item) in list.enumerated() {
                let slot = position + 4 + 4 * i
                patch(UInt32(place(item) - slot), at: slot)
            }
            return position
        case .scalar:
            preconditionFailure("a scalar is written inline in its table")
        }
    }

    private mutating func placeVector(_ count: Int, elementSize: Int, _ body: (inout FlatBufferWriter) -> Void) -> Int {
        align(4)
        while (bytes.count + 4) % max(elementSize, 4) != 0 { bytes.append(0) }
        let position = bytes.count
        append(UInt64(count), size: 4)
        body(&self)
        return position
    }

    private mutating func placeTable(_ fields: [Int: FB]) -> Int {
        let ids = fields.keys.sorted()
        let slots = (ids.last ?? -1) + 1
        align(2)
        let vtable = bytes.count
        bytes += [UInt8](repeating: 0, count: 4 + 2 * slots)
        align(8)
        if (bytes.count + 4) % 8 != 0 { bytes += [0, 0, 0, 0] }
        let table = bytes.count
        tablePositions.append(table)
        append(UInt64(UInt32(bitPattern: Int32(table - vtable))), size: 4)
        var references: [(position: Int, node: FB)] = []
        for id in ids {
            let field: Int
            if case .scalar(let size, let bits) = fields[id]! {
                align(size)
                field = bytes.count
                append(bits, size: size)
            } else {
                align(4)
                field = bytes.count
                append(0, size: 4)
                references.append((field, fields[id]!))
            }
            patch16(field - table, at: vtable + 4 + 2 * id)
        }
        patch16(4 + 2 * slots, at: vtable)
        patch16(bytes.count - table, at: vtable + 2)
        for (position, node) in references {
            patch(UInt32(place(node) - position), at: position)
        }
        return table
    }
}
