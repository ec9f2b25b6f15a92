import ModelArtifact
import ZipContainer

/// Output assembled from pieces without copying weights: literal bytes and ranges of mapped files.
/// Protobuf messages are rebuilt as ropes so their lengths are known before a byte is written.
public struct ByteRope {
    /// One piece: bytes in memory or a range of a mapped file.
    public enum Piece {
        case bytes([UInt8])
        case range(MappedFile, Range<Int>)

        var count: Int {
            switch self {
            case .bytes(let b): return b.count
            case .range(_, let r): return r.count
            }
        }
    }

    /// The pieces in order.
    public private(set) var pieces: [Piece] = []
    /// Total length in bytes.
    public private(set) var count = 0

    /// An empty rope.
    public init() {}

    /// Appends literal bytes.
    public mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        count += bytes.count
        if case .bytes(var last)? = pieces.last, last.count < 4096 {
            pieces.removeLast()
            last += bytes
            pieces.append(.bytes(last))
        } else {
            pieces.append(.bytes(bytes))
        }
    }

    /// Appends a range of a mapped file (not copied).
    public mutating func append(_ file: MappedFile, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        count += range.count
        pieces.append(.range(file, range))
    }

    /// Appends another rope.
    public mutating func append(_ other: ByteRope) {
        other.forEachPiece(bytes: { append($0) }, range: { append($0, $1) })
    }

    /// Calls `bytes` or `range` with each piece in order: the one walk over the pieces, which
    /// appending, writing, digests and checksums share.
    private func forEachPiece(bytes: ([UInt8]) throws -> Void, range: (MappedFile, Range<Int>) throws -> Void) rethrows {
        for piece in pieces {
            switch piece {
            case .bytes(let b): try bytes(b)
            case .range(let f, let r): try range(f, r)
            }
        }
    }

    /// Calls `body` with each piece's bytes in order (in memory or mapped; nothing copied), for
    /// digests and checksums.
    public func forEachBuffer(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try forEachPiece(bytes: { try $0.withUnsafeBytes(body) }, range: { try body(UnsafeRawBufferPointer(rebasing: $0.bytes[$1])) })
    }

    /// The CRC-32 of the rope's bytes, as ZIP records it.
    public var crc32: UInt32 {
        var crc: UInt32 = 0
        forEachBuffer { crc = ZipInflate.crc32($0, initial: crc) }
        return crc
    }

    /// Appends a protobuf varint.
    public mutating func appendVarint(_ value: UInt64) {
        append(Self.varint(value))
    }

    /// Appends a length-delimited field: key, length, then `payload`.
    public mutating func appendField(_ number: Int, _ payload: ByteRope) {
        appendVarint(UInt64(number) << 3 | 2)
        appendVarint(UInt64(payload.count))
        append(payload)
    }

    /// Appends a length-delimited field holding `text`.
    public mutating func appendField(_ number: Int, _ text: String) {
        var payload = ByteRope()
        payload.append(Array(text.utf8))
        appendField(number, payload)
    }

    /// The varint encoding of `value`.
    public static func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    /// Writes every piece to `out`; file ranges are copied file to file.
    public func write(to out: AtomicOutput) throws {
        try forEachPiece(bytes: { try out.write($0) }, range: { try out.copy($0, $1) })
    }
}
