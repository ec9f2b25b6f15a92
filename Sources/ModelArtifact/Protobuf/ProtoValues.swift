/// Typed access to the fields a `ProtoReader` hands out: scalars, strings, embedded messages and
/// repeated scalars packed or not. Each checks the wire type the schema gives the field.
extension ProtoReader {
    /// Throws `wire-type-mismatch` unless `field` has `wireType`.
    public func expect(_ field: ProtoField, _ wireType: ProtoWireType, what: @autoclosure () -> String) throws {
        guard field.wireType == wireType else {
            throw error("wire-type-mismatch", expected: "\(what()) (field \(field.number)) as \(wireType)",
                        found: "\(field.wireType)", at: field.key.offset)
        }
    }

    /// A reader over an embedded message, one level deeper; throws `nesting-too-deep` past the cap.
    public func message(_ field: ProtoField, what: @autoclosure () -> String) throws -> ProtoReader {
        try expect(field, .lengthDelimited, what: what())
        guard depth + 1 <= limits.maxDepth else {
            throw error("nesting-too-deep", expected: "at most \(limits.maxDepth) nested messages",
                        found: "\(what()) nested deeper", at: field.key.offset)
        }
        return ProtoReader(ByteReader(file, range: field.range), depth: depth + 1, limits: limits)
    }

    /// An `int64`/`int32`/`enum` varint as a signed 64-bit value (negative numbers are 10-byte varints).
    public func int64(_ field: ProtoField, what: @autoclosure () -> String) throws -> Int64 {
        try expect(field, .varint, what: what())
        return Int64(bitPattern: field.scalar)
    }

    /// An `int32` varint, truncated to 32 bits as protobuf does.
    public func int32(_ field: ProtoField, what: @autoclosure () -> String) throws -> Int32 {
        try expect(field, .varint, what: what())
        return Int32(truncatingIfNeeded: field.scalar)
    }

    /// A `float` (fixed32).
    public func float(_ field: ProtoField, what: @autoclosure () -> String) throws -> Float {
        try expect(field, .fixed32, what: what())
        return Float(bitPattern: UInt32(truncatingIfNeeded: field.scalar))
    }

    /// A `string` or `bytes` field as text: UTF-8, with invalid sequences replaced (proto2 does not
    /// validate); longer than the cap throws `string-too-long`.
    public func string(_ field: ProtoField, what: @autoclosure () -> String) throws -> String {
        try expect(field, .lengthDelimited, what: what())
        guard field.range.count <= limits.maxStringLength else {
            throw error("string-too-long", expected: "\(what()) of at most \(limits.maxStringLength) bytes",
                        found: "\(field.range.count) bytes", at: field.range.lowerBound)
        }
        let raw = UnsafeRawBufferPointer(rebasing: file.bytes[field.range])
        return String(decoding: raw, as: UTF8.self)
    }

    /// Appends the elements of one occurrence of a repeated varint field (packed or not) to `values`,
    /// keeping `values` within the repeated-element cap.
    public func appendVarints(_ field: ProtoField, to values: inout [Int64], what: @autoclosure () -> String) throws {
        switch field.wireType {
        case .varint:
            try checkCount(values.count + 1, field, what: what())
            values.append(Int64(bitPattern: field.scalar))
        case .lengthDelimited:
            var run = ByteReader(file, range: field.range)
            while !run.isAtEnd {
                try checkCount(values.count + 1, field, what: what())
                values.append(Int64(bitPattern: try run.varint()))
            }
        default:
            try expect(field, .varint, what: what())
        }
    }

    /// How many elements one occurrence of a repeated scalar field holds: 1 when unpacked (wire type
    /// `element`), the packed run's element count when length-delimited. Varint runs are checked
    /// to end on a whole varint of at most 10 bytes; fixed-width runs to be a whole number of elements.
    public func elementCount(_ field: ProtoField, element: ProtoWireType, what: @autoclosure () -> String) throws -> Int {
        if field.wireType == element { return 1 }
        try expect(field, .lengthDelimited, what: what())
        switch element {
        case .fixed32, .fixed64:
            let width = element == .fixed32 ? 4 : 8
            guard field.range.count % width == 0 else {
                throw error("packed-length-mismatch", expected: "\(what()) as a whole number of \(width)-byte elements",
                            found: "\(field.range.count) bytes", at: field.range.lowerBound)
            }
            return field.range.count / width
        default:
            var count = 0
            var run = 0
            for index in field.range {
                run += 1
                if file.bytes[index] & 0x80 == 0 {
                    count += 1
                    run = 0
                } else if run >= 10 {
                    throw error("varint-overflow", expected: "varints of at most 10 bytes in \(what())",
                                found: "a longer one", at: index + 1 - run)
                }
            }
            guard run == 0 else {
                throw error("truncated", expected: "\(what()) ending on a whole varint", found: "a cut varint",
                            at: field.range.upperBound - run)
            }
            return count
        }
    }

    private func checkCount(_ count: Int, _ field: ProtoField, what: @autoclosure () -> String) throws {
        guard count <= limits.maxRepeated else {
            throw error("too-many-elements", expected: "at most \(limits.maxRepeated) elements of \(what())",
                        found: "more", at: field.key.offset)
        }
    }
}
