import ModelArtifact

/// The type tag of a GGUF metadata value (`gguf_type`), with its on-disk name.
public enum GGUFValueType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case uint8 = 0, int8 = 1, uint16 = 2, int16 = 3, uint32 = 4, int32 = 5, float32 = 6, bool = 7
    case string = 8, array = 9, uint64 = 10, int64 = 11, float64 = 12

    /// Bytes one value takes, for the fixed-size types; nil for strings and arrays.
    public var fixedSize: Int? {
        switch self {
        case .uint8, .int8, .bool: return 1
        case .uint16, .int16: return 2
        case .uint32, .int32, .float32: return 4
        case .uint64, .int64, .float64: return 8
        case .string, .array: return nil
        }
    }

    /// The fewest bytes one value of this type can take (a string's length, an array's header).
    public var minimumSize: Int {
        switch self {
        case .string: return 8
        case .array: return 4 + 8
        default: return fixedSize ?? 1
        }
    }

    /// The spec's name (`UINT32`, `STRING`, `ARRAY`).
    public var description: String {
        switch self {
        case .uint8: return "UINT8"
        case .int8: return "INT8"
        case .uint16: return "UINT16"
        case .int16: return "INT16"
        case .uint32: return "UINT32"
        case .int32: return "INT32"
        case .float32: return "FLOAT32"
        case .bool: return "BOOL"
        case .string: return "STRING"
        case .array: return "ARRAY"
        case .uint64: return "UINT64"
        case .int64: return "INT64"
        case .float64: return "FLOAT64"
        }
    }
}

/// A GGUF metadata value. Arrays are not decoded while parsing; see `GGUFArray.values(in:limit:)`.
public enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32)
    case uint64(UInt64), int64(Int64), float32(Float), float64(Double), bool(Bool), string(String)
    case array(GGUFArray)

    /// The value's type tag.
    public var type: GGUFValueType {
        switch self {
        case .uint8: return .uint8
        case .int8: return .int8
        case .uint16: return .uint16
        case .int16: return .int16
        case .uint32: return .uint32
        case .int32: return .int32
        case .uint64: return .uint64
        case .int64: return .int64
        case .float32: return .float32
        case .float64: return .float64
        case .bool: return .bool
        case .string: return .string
        case .array: return .array
        }
    }

    /// The report's JSON for a scalar (FLOAT32 stays a binary32 so it prints as written); nil for an array.
    public var json: JSONValue? {
        switch self {
        case .uint64(let v): return v > UInt64(Int64.max) ? .uint(v) : .int(Int64(v))
        case .float32(let v): return .float(v)
        case .float64(let v): return .double(v)
        case .bool(let v): return .bool(v)
        case .string(let v): return .string(v)
        case .array: return nil
        default: return intValue.map { .int($0) }
        }
    }

    /// The value as a signed integer, for the integer types when it fits.
    public var intValue: Int64? {
        switch self {
        case .uint8(let v): return Int64(v)
        case .int8(let v): return Int64(v)
        case .uint16(let v): return Int64(v)
        case .int16(let v): return Int64(v)
        case .uint32(let v): return Int64(v)
        case .int32(let v): return Int64(v)
        case .uint64(let v): return Int64(exactly: v)
        case .int64(let v): return v
        default: return nil
        }
    }

    /// The value as a Double, for the numeric types.
    public var doubleValue: Double? {
        switch self {
        case .float32(let v): return Double(v)
        case .float64(let v): return v
        case .uint64(let v): return Double(v)
        default: return intValue.map(Double.init)
        }
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let v) = self { return v } else { return nil }
    }

    /// The boolean, if this is one.
    public var boolValue: Bool? {
        if case .bool(let v) = self { return v } else { return nil }
    }

    /// The array, if this is one.
    public var arrayValue: GGUFArray? {
        if case .array(let v) = self { return v } else { return nil }
    }
}

/// A GGUF array: its element type, its count and where its elements lie, validated but not decoded.
public struct GGUFArray: Sendable, Equatable {
    /// The elements' type.
    public let elementType: GGUFValueType
    /// The number of elements.
    public let count: Int
    /// The absolute byte range of the elements in the file.
    public let elements: Range<Int>

    /// Creates an array description.
    public init(elementType: GGUFValueType, count: Int, elements: Range<Int>) {
        self.elementType = elementType
        self.count = count
        self.elements = elements
    }

    /// Decodes the first `limit` elements from `file` (strings checked as UTF-8, nested arrays
    /// left undecoded as `.array`).
    public func values(in file: MappedFile, limit: Int = .max, limits: GGUFLimits = GGUFLimits()) throws -> [GGUFValue] {
        var parser = GGUFValueParser(reader: file.reader(elements), limits: limits)
        let n = min(count, max(limit, 0))
        var out: [GGUFValue] = []
        out.reserveCapacity(n)
        for _ in 0..<n {
            out.append(try parser.value(elementType, depth: 1))
        }
        return out
    }
}

/// One metadata key and its value, with where the entry starts in the file.
public struct GGUFKeyValue: Sendable, Equatable {
    /// The key (`general.architecture`).
    public let key: String
    /// The value.
    public let value: GGUFValue
    /// Absolute offset of the entry (its key's length field).
    public let offset: Int
}
