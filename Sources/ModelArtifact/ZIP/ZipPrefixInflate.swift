import CZlib

extension ZipArchive {
    /// The first `count` uncompressed bytes of a stored or deflated entry (fewer when it is shorter),
    /// inflating no further than that: enough to read a payload's magic or header. Not CRC-checked.
    public func prefix(of entry: ZipEntry, count: Int) throws -> [UInt8] {
        let whole = file.reader()
        guard !entry.isEncrypted, entry.method.isSupported else {
            return try contents(of: entry, maxSize: 0)  // throws the archive's own rule for this entry
        }
        let range = try dataRange(of: entry)
        let input = try whole.buffer(range)
        let wanted = max(0, min(count, entry.uncompressedSize))
        if entry.method == .stored { return Array(input.prefix(wanted)) }
        guard wanted > 0, let base = input.baseAddress else { return [] }
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw whole.error("zip-inflate-failed", expected: "zlib to start inflating", found: "an initialisation error",
                              at: range.lowerBound)
        }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: wanted)
        let produced: Int = out.withUnsafeMutableBufferPointer { buffer in
            stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
            stream.avail_in = UInt32(min(input.count, Int(UInt32.max)))
            stream.next_out = buffer.baseAddress
            stream.avail_out = UInt32(wanted)
            while stream.avail_out > 0 {
                let before = stream.avail_out
                let status = CZlib.inflate(&stream, Z_SYNC_FLUSH)
                if status != Z_OK || stream.avail_out == before { break }
            }
            return wanted - Int(stream.avail_out)
        }
        guard produced == wanted else {
            throw whole.error("zip-inflate-failed", expected: "\(wanted) bytes at the start of entry '\(entry.name)'",
                              found: "\(produced) bytes", at: range.lowerBound)
        }
        return out
    }
}
