import ModelArtifact

/// Reads GGUF strings and values from a `ByteReader`, enforcing `GGUFLimits`.
///
/// Arrays are walked, not decoded: each element is bounds-checked (and each BOOL checked for 0/1)
/// and the array's element count is bounded by the bytes left before anything is allocated.
struct GGUFValueParser {
    var reader: ByteReader
    let limits: GGUFLimits

    init(reader: ByteReader, limits: GGUFLimits) {
        self.reader = reader
        self.limits = limits
    }

    /// A `gguf_string_t`: u64 length then UTF-8 bytes, at most `maxLength` bytes.
    mutating func string(maxLength: Int, rule: String, what: String) throws -> String {
        let length = try stringLength(maxLength: maxLength, rule: rule, what: what)
        return try reader.string(length, what: what)
    }

    /// Reads a string's length and checks it against the cap; the bytes are not consumed.
    private mutating func stringLength(maxLength: Int, rule: String, what: String) throws -> Int {
        let start = reader.offset
        let length = try reader.u64()
        guard length <= UInt64(maxLength) else {
            throw reader.error(rule, expected: "\(what) of at most \(maxLength) bytes",
                               found: "a length of \(length)", at: start)
        }
        return Int(length)
    }

    /// A value type tag, which must be a known `gguf_type`.
    mutating func valueType(what: String) throws -> GGUFValueType {
        let start = reader.offset
        let raw = try reader.u32()
        guard let type = GGUFValueType(rawValue: raw) else {
            throw reader.error("gguf-unknown-value-type", expected: "\(what) type 0…12",
                               found: "type \(raw)", at: start)
        }
        return type
    }

    /// One value of `type`, nested in `depth` arrays; an array value is walked, not decoded.
    mutating func value(_ type: GGUFValueType, depth: Int) throws -> GGUFValue {
        switch type {
        case .uint8: return .uint8(try reader.u8())
        case .int8: return .int8(try reader.i8())
        case .uint16: return .uint16(try reader.u16())
        case .int16: return .int16(try reader.i16())
        case .uint32: return .uint32(try reader.u32())
        case .int32: return .int32(try reader.i32())
        case .uint64: return .uint64(try reader.u64())
        case .int64: return .int64(try reader.i64())
        case .float32: return .float32(try reader.f32())
        case .float64: return .float64(try reader.f64())
        case .bool: return .bool(try bool())
        case .string:
            return .string(try string(maxLength: limits.maxStringLength, rule: "gguf-string-too-long",
                                      what: "a string value"))
        case .array: return .array(try array(depth: depth + 1))
        }
    }

    /// A BOOL: one byte that must be 0 or 1.
    private mutating func bool() throws -> Bool {
        let start = reader.offset
        let byte = try reader.u8()
        guard byte <= 1 else {
            throw reader.error("gguf-invalid-bool", expected: "a BOOL of 0 or 1", found: "\(byte)", at: start)
        }
        return byte == 1
    }

    /// Passes over a string, checking its length and bounds only.
    private mutating func skipString() throws {
        let length = try stringLength(maxLength: limits.maxStringLength, rule: "gguf-string-too-long",
                                      what: "a string element")
        try reader.skip(length, what: "a string element")
    }

    /// Passes over `count` strings, reading only their lengths: the hot loop of a vocabulary.
    /// Any element that is not plainly in bounds is re-read by `skipString`, which throws its error.
    private mutating func skipStrings(_ count: Int) throws {
        let bytes = reader.file.bytes
        let end = reader.range.upperBound
        let cap = UInt64(limits.maxStringLength)
        var at = reader.offset
        for _ in 0..<count {
            if end - at >= 8 {
                let length = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
                if length <= cap, length <= UInt64(end - at - 8) {
                    at += 8 + Int(length)
                    continue
                }
            }
            try reader.seek(to: at)
            try skipString()
            at = reader.offset
        }
        try reader.seek(to: at)
    }

    /// An array header (element type, u64 count) and its elements, walked but not decoded.
    /// `depth` is this array's nesting level, 1 for an array that is a KV's value.
    mutating func array(depth: Int) throws -> GGUFArray {
        let start = reader.offset
        guard depth <= limits.maxArrayDepth else {
            throw reader.error("gguf-nesting-too-deep", expected: "arrays nested at most \(limits.maxArrayDepth) deep",
                               found: "an array at depth \(depth)", at: start)
        }
        let elementType = try valueType(what: "an array element")
        let countOffset = reader.offset
        let rawCount = try reader.u64()
        let minimum = UInt64(elementType.minimumSize)
        guard rawCount <= UInt64(reader.remaining) / minimum else {
            throw reader.error("gguf-array-too-long",
                               expected: "an array whose \(elementType) elements fit in the \(reader.remaining) bytes left",
                               found: "a count of \(rawCount)", at: countOffset)
        }
        let count = Int(rawCount)
        let first = reader.offset
        switch elementType {
        case .string:
            try skipStrings(count)
        case .array:
            for _ in 0..<count { _ = try array(depth: depth + 1) }
        case .bool:
            for _ in 0..<count { _ = try bool() }
        default:
            try reader.skip(count * Int(minimum), what: "array elements")
        }
        return GGUFArray(elementType: elementType, count: count, elements: first..<reader.offset)
    }
}
