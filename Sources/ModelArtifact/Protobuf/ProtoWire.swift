/// The protobuf wire format's vocabulary (protobuf.dev, "Encoding"): wire types, field keys and limits.
public enum ProtoWireType: UInt8, Sendable, CustomStringConvertible {
    /// `int32`, `int64`, `uint*`, `sint*`, `bool`, `enum`: a base-128 varint.
    case varint = 0
    /// `fixed64`, `sfixed64`, `double`: 8 bytes little-endian.
    case fixed64 = 1
    /// `string`, `bytes`, embedded messages, packed repeated fields: a varint length, then the bytes.
    case lengthDelimited = 2
    /// The deprecated group start (proto2 `group`).
    case startGroup = 3
    /// The deprecated group end.
    case endGroup = 4
    /// `fixed32`, `sfixed32`, `float`: 4 bytes little-endian.
    case fixed32 = 5

    public var description: String {
        switch self {
        case .varint: return "varint"
        case .fixed64: return "fixed64"
        case .lengthDelimited: return "length-delimited"
        case .startGroup: return "start-group"
        case .endGroup: return "end-group"
        case .fixed32: return "fixed32"
        }
    }
}

/// A field's key: its number and wire type, and the absolute offset of the key in the file.
public struct ProtoKey: Sendable, Equatable {
    /// The field number (1 … 2^29 - 1).
    public let number: Int
    /// How the value is encoded.
    public let wireType: ProtoWireType
    /// Absolute offset of the key's first byte.
    public let offset: Int

    /// The largest field number protobuf allows.
    public static let maxFieldNumber = (1 << 29) - 1
}

/// One field as it lies in the file: its key and where its value is, without copying anything.
public struct ProtoField: Sendable, Equatable {
    /// The field's key.
    public let key: ProtoKey
    /// The value of a varint, fixed32 or fixed64 field (the raw bits); the length of a length-delimited one.
    public let scalar: UInt64
    /// The absolute range of the value's bytes (for a length-delimited field, its payload).
    public let range: Range<Int>

    /// The field number.
    public var number: Int { key.number }
    /// The wire type.
    public var wireType: ProtoWireType { key.wireType }
}

/// Caps a protobuf reader enforces so that no input can make it recurse or collect without bound.
public struct ProtoLimits: Sendable {
    /// Deepest nesting of embedded messages (protobuf's own default recursion limit is 100).
    public var maxDepth: Int
    /// Most elements collected from one repeated field or one packed run.
    public var maxRepeated: Int
    /// Longest string decoded, in bytes.
    public var maxStringLength: Int

    /// The default caps: depth 100, 16 Mi repeated elements, 16 MiB strings.
    public init(maxDepth: Int = 100, maxRepeated: Int = 1 << 24, maxStringLength: Int = 16 << 20) {
        self.maxDepth = maxDepth
        self.maxRepeated = maxRepeated
        self.maxStringLength = maxStringLength
    }
}
