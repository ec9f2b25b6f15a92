/// Byte order of a multi-byte integer.
public enum Endianness: Sendable {
    case little, big
}

/// A bounds-checked cursor over a range of a `MappedFile`.
///
/// Every read checks that its bytes lie inside `range` and throws `ArtifactError` (with the
/// absolute offset in the file) when they do not; nothing here traps on input. Positions are
/// absolute file offsets, so errors and reports never need translating.
public struct ByteReader: Sendable {
    /// The file read.
    public let file: MappedFile
    /// The part of the file this reader may touch.
    public let range: Range<Int>
    /// The absolute offset of the next byte to read.
    public private(set) var offset: Int

    /// A reader over `range` of `file` (clamped to the file), positioned at its start.
    public init(_ file: MappedFile, range: Range<Int>) {
        self.file = file
        self.range = range.clamped(to: 0..<file.size)
        self.offset = self.range.lowerBound
    }

    /// Bytes left between the cursor and the end of the range.
    public var remaining: Int { range.upperBound - offset }
    /// True when the cursor is at the end of the range.
    public var isAtEnd: Bool { offset >= range.upperBound }

    /// An error about this reader's file at `offset` (the cursor by default).
    public func error(_ rule: String, expected: String, found: String, at position: Int? = nil) -> ArtifactError {
        ArtifactError(file: file.path, offset: position ?? offset, rule: rule, expected: expected, found: found)
    }

    /// Throws `truncated` unless `count` more bytes are available at the cursor.
    public func require(_ count: Int, for what: @autoclosure () -> String) throws {
        guard count >= 0, count <= remaining else {
            throw error("truncated", expected: "\(count) bytes of \(what())", found: "\(max(remaining, 0)) bytes before the end")
        }
    }

    /// Moves the cursor to absolute `position`, which must lie in the range (its end included).
    public mutating func seek(to position: Int) throws {
        guard position >= range.lowerBound, position <= range.upperBound else {
            throw error("offset-out-of-range", expected: "an offset in \(range.lowerBound)..<\(range.upperBound)",
                        found: "\(position)")
        }
        offset = position
    }

    /// Advances the cursor by `count` bytes.
    public mutating func skip(_ count: Int, what: @autoclosure () -> String = "data") throws {
        try require(count, for: what())
        offset += count
    }

    /// The absolute range of the next `count` bytes, which the cursor passes: a zero-copy slice.
    public mutating func slice(_ count: Int, what: @autoclosure () -> String = "data") throws -> Range<Int> {
        try require(count, for: what())
        defer { offset += count }
        return offset..<(offset + count)
    }

    /// A reader over the next `count` bytes, which this cursor passes.
    public mutating func subReader(_ count: Int, what: @autoclosure () -> String = "data") throws -> ByteReader {
        ByteReader(file, range: try slice(count, what: what()))
    }

    /// The bytes of an absolute range inside this reader's range, without copying.
    public func buffer(_ span: Range<Int>) throws -> UnsafeRawBufferPointer {
        guard span.lowerBound >= range.lowerBound, span.upperBound <= range.upperBound else {
            throw error("offset-out-of-range", expected: "bytes inside \(range.lowerBound)..<\(range.upperBound)",
                        found: "\(span.lowerBound)..<\(span.upperBound)", at: span.lowerBound)
        }
        return UnsafeRawBufferPointer(rebasing: file.bytes[span])
    }

    /// The byte at the cursor, not consumed; `nil` at the end.
    public func peekByte() -> UInt8? {
        isAtEnd ? nil : file.bytes[offset]
    }

    /// Reads one byte.
    public mutating func u8() throws -> UInt8 {
        try require(1, for: "a byte")
        defer { offset += 1 }
        return file.bytes[offset]
    }

    /// Reads a fixed-width integer in the given byte order.
    public mutating func integer<T: FixedWidthInteger>(_ type: T.Type, _ order: Endianness = .little) throws -> T {
        let width = MemoryLayout<T>.size
        try require(width, for: "a \(width * 8)-bit integer")
        let raw = file.bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += width
        switch order {
        case .little: return T(littleEndian: raw)
        case .big: return T(bigEndian: raw)
        }
    }

    /// Little-endian shorthands.
    public mutating func u16() throws -> UInt16 { try integer(UInt16.self) }
    public mutating func u32() throws -> UInt32 { try integer(UInt32.self) }
    public mutating func u64() throws -> UInt64 { try integer(UInt64.self) }
    public mutating func i8() throws -> Int8 { try integer(Int8.self) }
    public mutating func i16() throws -> Int16 { try integer(Int16.self) }
    public mutating func i32() throws -> Int32 { try integer(Int32.self) }
    public mutating func i64() throws -> Int64 { try integer(Int64.self) }

    /// An IEEE 754 binary32 in the given byte order.
    public mutating func f32(_ order: Endianness = .little) throws -> Float {
        Float(bitPattern: try integer(UInt32.self, order))
    }

    /// An IEEE 754 binary64 in the given byte order.
    public mutating func f64(_ order: Endianness = .little) throws -> Double {
        Double(bitPattern: try integer(UInt64.self, order))
    }

    /// A string of `count` bytes that must be valid UTF-8.
    public mutating func string(_ count: Int, what: String = "a string") throws -> String {
        let start = offset
        let span = try slice(count, what: what)
        let raw = UnsafeRawBufferPointer(rebasing: file.bytes[span])
        guard let text = String(validating: raw, as: UTF8.self) else {
            let bad = UTF8Check.firstInvalidIndex(in: raw) ?? 0
            throw error("invalid-utf8", expected: "\(what) in UTF-8", found: "bytes that are not UTF-8", at: start + bad)
        }
        return text
    }

    /// A NUL-terminated string of at most `maxLength` bytes before the NUL; the NUL is consumed.
    public mutating func cString(maxLength: Int, what: String = "a C string") throws -> String {
        let start = offset
        let cap = max(maxLength, 0)
        let limit = cap < remaining ? cap + 1 : remaining
        guard let nul = file.bytes[offset..<(offset + limit)].firstIndex(of: 0) else {
            let found = limit > cap ? "no NUL within \(cap) bytes" : "the end of the data before a NUL"
            throw error(limit > cap ? "string-too-long" : "truncated",
                        expected: "\(what) ending in NUL", found: found, at: start)
        }
        let text = try string(nul - offset, what: what)
        offset += 1
        return text
    }

    /// A string preceded by its byte length as an integer of type `L` in `order`, at most `maxLength` bytes.
    public mutating func lengthPrefixedString<L: FixedWidthInteger>(
        _ lengthType: L.Type, _ order: Endianness = .little, maxLength: Int, what: String = "a string"
    ) throws -> String {
        let start = offset
        let length = try integer(L.self, order)
        guard length >= 0, UInt64(length) <= UInt64(max(maxLength, 0)) else {
            throw error("length-too-large", expected: "\(what) of at most \(maxLength) bytes",
                        found: "a length of \(length)", at: start)
        }
        return try string(Int(length), what: what)
    }
}
