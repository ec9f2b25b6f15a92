import CZlib
import ModelArtifact

/// Raw-deflate decompression and CRC-32, through the system zlib.
///
/// Inflation is streaming: output grows as zlib produces it, a 64 KiB window at a time, and stops
/// at the caller's limit. No size an entry only *claims* is ever allocated, so a bomb costs what it
/// actually yields up to the limit, never what its headers say.
public enum ZipInflate {
    /// How an inflation ended.
    public enum Outcome: Equatable, Sendable {
        /// The deflate stream ended.
        case end
        /// The stream yields more than the limit; the bytes up to the limit are kept.
        case limitReached
        /// The input ran out before the stream's end.
        case truncated
        /// zlib rejected the stream (its message).
        case corrupt(String)
    }

    /// What an inflation produced, and how it ended.
    public struct Inflated: Sendable {
        /// The bytes produced, at most the limit.
        public var bytes: [UInt8]
        /// Why it stopped.
        public var outcome: Outcome
    }

    /// Inflates the raw deflate stream `input`, keeping at most `limit` bytes.
    public static func stream(_ input: UnsafeRawBufferPointer, limit: Int) -> Inflated {
        var zs = z_stream()
        guard inflateInit2_(&zs, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return Inflated(bytes: [], outcome: .corrupt("zlib could not start inflating"))
        }
        defer { inflateEnd(&zs) }
        var out: [UInt8] = []
        var window = [UInt8](repeating: 0, count: 1 << 16)
        var fed = 0
        while true {
            if zs.avail_in == 0, fed < input.count, let base = input.baseAddress {
                let count = min(input.count - fed, Int(UInt32.max))
                zs.next_in = UnsafeMutablePointer(mutating: (base + fed).assumingMemoryBound(to: UInt8.self))
                zs.avail_in = UInt32(count)
                fed += count
            }
            let inputBefore = zs.avail_in
            let (status, wrote) = window.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                zs.next_out = buffer.baseAddress
                zs.avail_out = UInt32(buffer.count)
                let status = CZlib.inflate(&zs, Z_NO_FLUSH)
                return (status, buffer.count - Int(zs.avail_out))
            }
            if wrote > 0 {
                let room = max(0, limit - out.count)
                out.append(contentsOf: window[0..<min(wrote, room)])
                if wrote > room { return Inflated(bytes: out, outcome: .limitReached) }
            }
            switch status {
            case Z_STREAM_END:
                return Inflated(bytes: out, outcome: .end)
            case Z_OK, Z_BUF_ERROR:
                // No progress means the input ran out or the stream is stuck.
                guard wrote > 0 || inputBefore != zs.avail_in else {
                    if zs.avail_in == 0, fed == input.count { return Inflated(bytes: out, outcome: .truncated) }
                    return Inflated(bytes: out, outcome: .corrupt("zlib made no progress"))
                }
            default:
                return Inflated(bytes: out, outcome: .corrupt(zs.msg.map { String(cString: $0) } ?? "zlib error \(status)"))
            }
        }
    }

    /// The bytes of the raw deflate stream `input`, which must inflate to exactly `expected` bytes.
    ///
    /// Output grows as it is produced (never allocated from `expected` up front); a stream that
    /// yields more throws `zip-inflate-too-large` as soon as the first extra byte appears. `reader`
    /// names the file and `offset` the stream's start in errors.
    static func inflate(_ input: UnsafeRawBufferPointer, expected: Int, reader: ByteReader, offset: Int) throws -> [UInt8] {
        let inflated = stream(input, limit: expected)
        switch inflated.outcome {
        case .end:
            guard inflated.bytes.count == expected else {
                throw reader.error("zip-inflate-short", expected: "a deflate stream of \(expected) bytes",
                                   found: "\(inflated.bytes.count) bytes", at: offset)
            }
            return inflated.bytes
        case .limitReached:
            throw reader.error("zip-inflate-too-large", expected: "a deflate stream of \(expected) bytes",
                               found: "more bytes (stopped there)", at: offset)
        case .truncated:
            throw reader.error("zip-inflate-truncated", expected: "the end of the deflate stream",
                               found: "the end of the entry's \(input.count) bytes after \(inflated.bytes.count) bytes out", at: offset)
        case .corrupt(let message):
            throw reader.error("zip-inflate-failed", expected: "a valid deflate stream", found: message, at: offset)
        }
    }

    /// The CRC-32 (ISO-HDLC, as ZIP uses) of `bytes`, continuing from `initial`.
    public static func crc32(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt32 {
        var crc = UInt(initial)
        var position = 0
        let chunk = 1 << 30
        while position < bytes.count, let base = bytes.baseAddress {
            let count = min(bytes.count - position, chunk)
            crc = CZlib.crc32(crc, (base + position).assumingMemoryBound(to: UInt8.self), UInt32(count))
            position += count
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
