import CZlib

/// Raw-deflate decompression and CRC-32, through the system zlib.
enum ZipInflate {
    /// The bytes of the raw deflate stream `input`, which must inflate to exactly `expected` bytes.
    ///
    /// Exactly `expected` bytes are allocated; a stream that yields more throws `zip-inflate-too-large`
    /// as soon as the first extra byte appears. `reader` names the file and `offset` the stream's start in errors.
    static func inflate(_ input: UnsafeRawBufferPointer, expected: Int, reader: ByteReader, offset: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw reader.error("zip-inflate-failed", expected: "zlib to start inflating", found: "an initialisation error", at: offset)
        }
        defer { inflateEnd(&stream) }
        var scratch = [UInt8](repeating: 0, count: 64)
        return try [UInt8](unsafeUninitializedCapacity: expected) { output, initialized in
            initialized = 0
            try scratch.withUnsafeMutableBufferPointer { spare in
                try run(&stream, input: input, output: output, spare: spare, produced: &initialized,
                        reader: reader, offset: offset)
            }
        }
    }

    private static func run(_ stream: inout z_stream, input: UnsafeRawBufferPointer, output: UnsafeMutableBufferPointer<UInt8>,
                            spare: UnsafeMutableBufferPointer<UInt8>, produced: inout Int,
                            reader: ByteReader, offset: Int) throws {
        let chunk = Int(UInt32.max)
        var fed = 0
        while true {
            if stream.avail_in == 0, fed < input.count, let base = input.baseAddress {
                let count = min(input.count - fed, chunk)
                stream.next_in = UnsafeMutablePointer(mutating: (base + fed).assumingMemoryBound(to: UInt8.self))
                stream.avail_in = UInt32(count)
                fed += count
            }
            let intoSpare = produced >= output.count
            if intoSpare {
                stream.next_out = spare.baseAddress
                stream.avail_out = UInt32(spare.count)
            } else {
                stream.next_out = output.baseAddress! + produced
                stream.avail_out = UInt32(min(output.count - produced, chunk))
            }
            let roomBefore = stream.avail_out, inputBefore = stream.avail_in
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let wrote = Int(roomBefore - stream.avail_out)
            if intoSpare, wrote > 0 {
                throw reader.error("zip-inflate-too-large", expected: "a deflate stream of \(output.count) bytes",
                                   found: "more bytes (stopped there)", at: offset)
            }
            if !intoSpare { produced += wrote }
            switch status {
            case Z_STREAM_END:
                guard produced == output.count else {
                    throw reader.error("zip-inflate-short", expected: "a deflate stream of \(output.count) bytes",
                                       found: "\(produced) bytes", at: offset)
                }
                return
            case Z_OK, Z_BUF_ERROR:
                // zlib reports progress with Z_OK; no progress means the input ran out or the stream is stuck.
                guard wrote > 0 || inputBefore != stream.avail_in else {
                    if stream.avail_in == 0, fed == input.count {
                        throw reader.error("zip-inflate-truncated", expected: "the end of the deflate stream",
                                           found: "the end of the entry's \(input.count) bytes after \(produced) bytes out", at: offset)
                    }
                    throw reader.error("zip-inflate-failed", expected: "zlib to make progress", found: "none", at: offset)
                }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw reader.error("zip-inflate-failed", expected: "a valid deflate stream", found: message, at: offset)
            }
        }
    }

    /// The CRC-32 (ISO-HDLC, as ZIP uses) of `bytes`, continuing from `initial`.
    static func crc32(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt32 {
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
