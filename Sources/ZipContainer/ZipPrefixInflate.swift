import ModelArtifact

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
        guard wanted > 0 else { return [] }
        let inflated = ZipInflate.stream(input, limit: wanted)
        guard inflated.bytes.count == wanted else {
            throw whole.error("zip-inflate-failed", expected: "\(wanted) bytes at the start of entry '\(entry.name)'",
                              found: "\(inflated.bytes.count) bytes", at: range.lowerBound)
        }
        return inflated.bytes
    }
}
