/// The end of a ZIP archive: where the central directory is and how many records it holds.
struct ZipEndRecord: Equatable {
    /// Absolute offset of the end-of-central-directory record.
    var offset: Int
    /// Length of the archive comment that follows it.
    var commentLength: Int
    /// Entries the central directory holds.
    var entryCount: Int
    /// Absolute offset of the central directory.
    var directoryOffset: Int
    /// Byte length of the central directory.
    var directorySize: Int
    /// Absolute offset of the ZIP64 end record, when the archive has one.
    var zip64RecordOffset: Int?

    /// The first byte after the record and its comment.
    var end: Int { offset + ZipSignature.endRecordSize + commentLength }
    /// Where the central directory must end: at the ZIP64 end record, or else at this record.
    var directoryLimit: Int { zip64RecordOffset ?? offset }
    /// The central directory's byte range.
    var directoryRange: Range<Int> { directoryOffset..<(directoryOffset + directorySize) }
}

/// Finds and reads the end-of-central-directory record, its ZIP64 locator and ZIP64 end record.
enum ZipEndLocator {
    /// The end record of `file`, chosen among every signature in the last 65,557 bytes.
    ///
    /// A candidate is *plausible* when it parses completely and the central directory it names
    /// starts with a central-header signature. The choice is the lowest plausible candidate whose
    /// comment ends exactly at the end of the file (so that a signature inside a comment never wins
    /// over the record that owns the comment); failing that, the plausible candidate nearest the end
    /// (trailing bytes follow it, `ZIP008`). Other signatures after the choice give `ZIP009`. When no
    /// candidate is plausible, the last one's own error is thrown.
    static func locate(_ file: MappedFile, limits: ZipLimits, findings: inout CappedFindings<ZipFindingCode>) throws -> ZipEndRecord {
        let size = file.size
        let reader = file.reader()
        let windowStart = max(0, size - ZipSignature.endRecordSize - ZipSignature.maxCommentLength)
        let window = try reader.buffer(windowStart..<size)
        var signatures: [Int] = []  // absolute positions, nearest the end first
        var i = window.count - 4
        while i >= 0 {
            if window[i] == 0x50, window[i + 1] == 0x4b, window[i + 2] == 0x05, window[i + 3] == 0x06 {
                signatures.append(windowStart + i)
            }
            i -= 1
        }
        let complete = signatures.filter { $0 + ZipSignature.endRecordSize <= size }
        guard let last = complete.first else {
            throw reader.error("zip-no-eocd", expected: "an end-of-central-directory record (PK\\5\\6) near the end",
                               found: signatures.isEmpty ? "no such signature in the last \(window.count) bytes"
                                                         : "only a truncated one", at: signatures.first ?? windowStart)
        }
        var plausible: [ZipEndRecord] = []
        for position in complete {
            if let record = try? read(file, at: position, limits: limits) { plausible.append(record) }
        }
        let exact = plausible.filter { $0.end == size }.min { $0.offset < $1.offset }
        guard let chosen = exact ?? plausible.first else {
            return try read(file, at: last, limits: limits)  // throws the specific error
        }
        if chosen.end < size {
            findings.add(.trailingData, "\(size - chosen.end) bytes follow the end-of-central-directory record and its comment",
                         in: file.path, at: chosen.end)
        }
        if let later = signatures.filter({ $0 > chosen.offset }).min() {
            findings.add(.ambiguousEnd, "an end-of-central-directory signature occurs again after the end record",
                         in: file.path, at: later)
        }
        return chosen
    }

    /// Reads the end record at `position` (and its ZIP64 records) and checks it against the file.
    static func read(_ file: MappedFile, at position: Int, limits: ZipLimits) throws -> ZipEndRecord {
        let base = file.reader()
        var r = try base.at(position)
        let fail = { (rule: String, expected: String, found: String) in
            base.error(rule, expected: expected, found: found, at: position)
        }
        guard try r.u32() == ZipSignature.endRecord else {
            throw fail("zip-no-eocd", "an end-of-central-directory signature", "other bytes")
        }
        let disk = UInt64(try r.u16()), directoryDisk = UInt64(try r.u16())
        let diskEntries = UInt64(try r.u16()), totalEntries = UInt64(try r.u16())
        let directorySize = UInt64(try r.u32()), directoryOffset = UInt64(try r.u32())
        let commentLength = Int(try r.u16())
        guard commentLength <= r.remaining else {
            throw fail("zip-eocd-bad", "a comment of \(commentLength) bytes", "\(r.remaining) bytes before the end of the file")
        }
        var fields = [disk, directoryDisk, diskEntries, totalEntries, directorySize, directoryOffset]
        var zip64RecordOffset: Int?
        if position >= ZipSignature.zip64LocatorSize,
           file.reader().u32(at: position - ZipSignature.zip64LocatorSize) == ZipSignature.zip64Locator {
            let (recordOffset, zip64Fields) = try readZip64(file, locator: position - ZipSignature.zip64LocatorSize)
            let saturated: [UInt64] = [0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF_FFFF, 0xFFFF_FFFF]
            for k in fields.indices where fields[k] != zip64Fields[k] {
                guard fields[k] == saturated[k] else {
                    throw fail("zip-eocd-mismatch", "end-record values equal to the ZIP64 end record's",
                               "\(fields[k]) against \(zip64Fields[k])")
                }
                fields[k] = zip64Fields[k]
            }
            zip64RecordOffset = recordOffset
        }
        guard fields[0] == 0, fields[1] == 0 else {
            throw fail("zip-multi-disk", "a single-disk archive (disk 0)", "disk \(fields[0]), directory on disk \(fields[1])")
        }
        guard fields[2] == fields[3] else {
            throw fail("zip-eocd-mismatch", "as many entries on this disk as in total", "\(fields[2]) and \(fields[3])")
        }
        let limit = zip64RecordOffset ?? position
        guard fields[5] <= UInt64(limit), fields[4] <= UInt64(limit) - fields[5] else {
            throw fail("zip-cd-truncated", "a central directory ending by offset \(limit)",
                       "\(fields[4]) bytes at offset \(fields[5])")
        }
        guard fields[3] <= UInt64(max(0, limits.maxEntries)) else {
            throw fail("zip-too-many-entries", "at most \(limits.maxEntries) entries", "\(fields[3])")
        }
        let record = ZipEndRecord(offset: position, commentLength: commentLength, entryCount: Int(fields[3]),
                                  directoryOffset: Int(fields[5]), directorySize: Int(fields[4]),
                                  zip64RecordOffset: zip64RecordOffset)
        guard record.entryCount <= record.directorySize / ZipSignature.centralHeaderSize else {
            throw fail("zip-eocd-mismatch", "a central directory large enough for \(record.entryCount) entries",
                       "\(record.directorySize) bytes")
        }
        if record.entryCount > 0, file.reader().u32(at: record.directoryOffset) != ZipSignature.centralHeader {
            throw base.error("zip-cd-bad-signature", expected: "a central-directory record (PK\\1\\2)", found: "other bytes",
                          at: record.directoryOffset)
        }
        return record
    }

    /// Reads the ZIP64 locator at `locator` and the ZIP64 end record it points to: the record's offset
    /// and its disk, directory disk, entries on disk, total entries, directory size and offset.
    static func readZip64(_ file: MappedFile, locator: Int) throws -> (Int, [UInt64]) {
        var r = try file.reader().at(locator + 4)
        let recordDisk = try r.u32()
        let recordOffset = try r.u64()
        let disks = try r.u32()
        guard recordDisk == 0, disks <= 1 else {
            throw r.error("zip-multi-disk", expected: "a single-disk archive", found: "\(disks) disks, ZIP64 record on disk \(recordDisk)",
                          at: locator)
        }
        guard recordOffset <= UInt64(locator), UInt64(locator) - recordOffset >= UInt64(ZipSignature.zip64EndRecordSize) else {
            throw r.error("zip64-eocd-bad", expected: "a ZIP64 end record of 56 bytes before its locator",
                          found: "offset \(recordOffset)", at: locator)
        }
        let start = Int(recordOffset)
        var z = try file.reader(start..<locator).at(start)
        guard try z.u32() == ZipSignature.zip64EndRecord else {
            throw z.error("zip64-eocd-bad", expected: "a ZIP64 end record (PK\\6\\6)", found: "other bytes", at: start)
        }
        let recordSize = try z.u64()
        guard recordSize >= 44, recordSize <= UInt64(z.remaining) else {
            throw z.error("zip64-eocd-bad", expected: "a ZIP64 end record of 44 to \(z.remaining) bytes after its size",
                          found: "\(recordSize)", at: start + 4)
        }
        try z.skip(4)  // version made by, version needed
        let disk = UInt64(try z.u32()), directoryDisk = UInt64(try z.u32())
        let fields = [disk, directoryDisk, try z.u64(), try z.u64(), try z.u64(), try z.u64()]
        return (start, fields)
    }
}
