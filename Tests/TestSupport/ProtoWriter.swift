/// A protobuf wire-format encoder for tests: builds messages field by field, including the
/// malformed ones (wrong wire types, lengths past the end) that hostile-input tests need.
public struct ProtoWriter: Sendable {
    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty message.
    public init() {}

    /// The base-128 varint encoding of `value`.
    public static func varint(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        var v = value
        repeat {
            let low = UInt8(v & 0x7f)
            v >>= 7
            out.append(v == 0 ? low : low | 0x80)
        } while v != 0
        return out
    }

    /// A field key: `(field << 3) | wire`.
    public static func key(_ field: Int, _ wire: UInt8) -> [UInt8] {
        varint(UInt64(field) << 3 | UInt64(wire))
    }

    /// Appends bytes as they are.
    public mutating func raw(_ data: [UInt8]) { bytes += data }

    /// A varint field (`int32`, `int64`, `enum`, `bool`; negative numbers as 10-byte varints).
    public mutating func int(_ field: Int, _ value: Int64) {
        bytes += Self.key(field, 0) + Self.varint(UInt64(bitPattern: value))
    }

    /// A fixed32 field (`float` by its bits).
    public mutating func fixed32(_ field: Int, _ value: UInt32) {
        bytes += Self.key(field, 5) + (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
    }

    /// A fixed64 field (`double` by its bits).
    public mutating func fixed64(_ field: Int, _ value: UInt64) {
        bytes += Self.key(field, 1) + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// A length-delimited field holding `payload`.
    public mutating func bytes(_ field: Int, _ payload: [UInt8]) {
        bytes += Self.key(field, 2) + Self.varint(UInt64(payload.count)) + payload
    }

    /// A string field.
    public mutating func string(_ field: Int, _ text: String) { bytes(field, Array(text.utf8)) }

    /// An embedded message built by `build`.
    public mutating func message(_ field: Int, _ build: (inout ProtoWriter) -> Void) {
        var inner = ProtoWriter()
        build(&inner)
        bytes(field, inner.bytes)
    }

    /// A packed repeated varint field.
    public mutating func packed(_ field: Int, _ values: [Int64]) {
        bytes(field, values.flatMap { Self.varint(UInt64(bitPattern: $0)) })
    }

    /// A packed repeated fixed32 field of floats.
    public mutating func packedFloats(_ field: Int, _ values: [Float]) {
        bytes(field, values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32($0))) } })
    }

    /// The bytes of a message built by `build`.
    public static func build(_ build: (inout ProtoWriter) -> Void) -> [UInt8] {
        var writer = ProtoWriter()
        build(&writer)
        return writer.bytes
    }
}
