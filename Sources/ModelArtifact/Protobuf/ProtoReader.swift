/// A zero-copy reader of protobuf wire format over a range of a `MappedFile`.
///
/// It walks one message's fields in order, hands out each field's value as a file range, and opens
/// embedded messages as readers one level deeper. Nothing is copied but the strings asked for;
/// every length is checked against the message's end and every depth and count is capped, so a
/// hostile input ends in an `ArtifactError`, never a trap.
public struct ProtoReader: Sendable {
    /// The cursor over this message's bytes.
    public private(set) var bytes: ByteReader
    /// How many messages enclose this one (0 for the outermost).
    public let depth: Int
    /// The caps in force.
    public let limits: ProtoLimits

    /// A reader over the message held by `bytes`, at nesting `depth`.
    public init(_ bytes: ByteReader, depth: Int = 0, limits: ProtoLimits = ProtoLimits()) {
        self.bytes = bytes
        self.depth = depth
        self.limits = limits
    }

    /// A reader over `range` of `file` (the whole file by default).
    public init(_ file: MappedFile, range: Range<Int>? = nil, limits: ProtoLimits = ProtoLimits()) {
        self.init(file.reader(range), limits: limits)
    }

    /// The file read.
    public var file: MappedFile { bytes.file }
    /// The absolute offset of the next byte.
    public var offset: Int { bytes.offset }
    /// True when every field of the message has been read.
    public var isAtEnd: Bool { bytes.isAtEnd }

    /// An error about this reader's file at `offset` (the cursor by default).
    public func error(_ rule: String, expected: String, found: String, at position: Int? = nil) -> ArtifactError {
        bytes.error(rule, expected: expected, found: found, at: position)
    }

    /// The next field's key, or nil at the end of the message. Field number 0, numbers past
    /// 2^29 - 1 and wire types 6 and 7 are errors.
    public mutating func readKey() throws -> ProtoKey? {
        guard !bytes.isAtEnd else { return nil }
        let start = bytes.offset
        let raw = try bytes.varint()
        let number = raw >> 3
        guard number >= 1, number <= UInt64(ProtoKey.maxFieldNumber) else {
            throw error("invalid-field-number", expected: "a field number in 1…\(ProtoKey.maxFieldNumber)",
                        found: "\(number)", at: start)
        }
        guard let wireType = ProtoWireType(rawValue: UInt8(raw & 7)) else {
            throw error("invalid-wire-type", expected: "a wire type 0…5", found: "\(raw & 7) for field \(number)", at: start)
        }
        return ProtoKey(number: Int(number), wireType: wireType, offset: start)
    }

    /// Reads the value that follows `key`; a group is skipped whole, an end-group alone is an error.
    public mutating func readValue(_ key: ProtoKey) throws -> ProtoField {
        let start = bytes.offset
        switch key.wireType {
        case .varint:
            let value = try bytes.varint()
            return ProtoField(key: key, scalar: value, range: start..<bytes.offset)
        case .fixed64:
            let value = try bytes.u64()
            return ProtoField(key: key, scalar: value, range: start..<bytes.offset)
        case .fixed32:
            let value = try bytes.u32()
            return ProtoField(key: key, scalar: UInt64(value), range: start..<bytes.offset)
        case .lengthDelimited:
            let length = try bytes.varint()
            guard length <= UInt64(bytes.remaining) else {
                throw error("length-past-end", expected: "field \(key.number)'s \(length) bytes inside its message",
                            found: "\(bytes.remaining) bytes left", at: start)
            }
            let payload = try bytes.slice(Int(length), what: "field \(key.number)")
            return ProtoField(key: key, scalar: length, range: payload)
        case .startGroup:
            try skipGroup(key.number, depth: depth + 1)
            return ProtoField(key: key, scalar: 0, range: start..<bytes.offset)
        case .endGroup:
            throw error("unexpected-end-group", expected: "a field", found: "an end-group for field \(key.number)",
                        at: key.offset)
        }
    }

    /// The next field, or nil at the end of the message.
    public mutating func next() throws -> ProtoField? {
        guard let key = try readKey() else { return nil }
        return try readValue(key)
    }

    /// Reads every remaining field of the message into `initial`, handing each to `body` with a
    /// reader for its value accessors (`string`, `message`…).
    public func fold<T>(_ initial: T, _ body: (inout T, ProtoField, ProtoReader) throws -> Void) throws -> T {
        var reader = self
        var value = initial
        while let field = try reader.next() { try body(&value, field, reader) }
        return value
    }

    /// Reads a bare varint at the cursor (for callers that look at a prefix of a message).
    public mutating func readVarint() throws -> UInt64 {
        try bytes.varint()
    }

    /// Moves the cursor past `count` bytes.
    public mutating func skip(_ count: Int) throws {
        try bytes.skip(count)
    }

    private mutating func skipGroup(_ number: Int, depth level: Int) throws {
        guard level <= limits.maxDepth else {
            throw error("nesting-too-deep", expected: "at most \(limits.maxDepth) nested messages", found: "a deeper group")
        }
        while true {
            guard let key = try readKey() else {
                throw error("truncated", expected: "the end-group of field \(number)", found: "the end of the message")
            }
            switch key.wireType {
            case .endGroup:
                guard key.number == number else {
                    throw error("unexpected-end-group", expected: "the end-group of field \(number)",
                                found: "an end-group for field \(key.number)", at: key.offset)
                }
                return
            case .startGroup:
                try skipGroup(key.number, depth: level + 1)
            default:
                _ = try readValue(key)
            }
        }
    }
}
