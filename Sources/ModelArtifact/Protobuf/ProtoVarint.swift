/// Protobuf's base-128 varints (protobuf.dev, "Encoding"), read where the wire format needs them.
extension ByteReader {
    /// A protobuf base-128 varint (at most 10 bytes, at most 64 bits).
    public mutating func varint() throws -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard !isAtEnd else {
                throw error("truncated", expected: "the rest of a varint", found: "the end of the data", at: start)
            }
            let byte = try u8()
            if shift == 63 && byte > 1 {
                throw error("varint-overflow", expected: "a varint of at most 64 bits", found: "more bits", at: start)
            }
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A protobuf zigzag-encoded signed varint (`sint32`/`sint64`).
    public mutating func zigzag() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
}
