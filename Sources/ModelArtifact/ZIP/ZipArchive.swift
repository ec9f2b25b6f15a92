/// A ZIP archive read from a `MappedFile`, checked as a hostile input (PyTorch, TorchScript, pt2, SyNAP).
///
/// `init` finds the end record (ZIP64 included), reads every central-directory record, reads and
/// compares every local header, and checks the layout; anything that makes the structure
/// untrustworthy throws `ArtifactError`, softer problems become `findings` (codes and rules are
/// tabled in `ZipFindingCode`). Stored entries are then read in place, without copying.
public struct ZipArchive: Sendable {
    /// The file read.
    public let file: MappedFile
    /// Every entry, in central-directory order.
    public let entries: [ZipEntry]
    /// What was noticed that leaves the archive readable (codes `ZIP001`…).
    public var findings: [Finding]
    /// Bytes before the first local header (0 for an ordinary archive).
    public let prefixLength: Int
    /// Where the central directory lies.
    public let centralDirectoryRange: Range<Int>
    /// True when the archive has ZIP64 end records.
    public let isZip64: Bool
    /// The archive comment's bytes.
    public let commentRange: Range<Int>
    /// The limits the archive was read with.
    public let limits: ZipLimits
    private let firstIndex: [String: Int]

    /// Reads and checks the archive in `file`; throws `ArtifactError` when its structure cannot be trusted.
    public init(_ file: MappedFile, limits: ZipLimits = ZipLimits()) throws {
        var findings = CappedFindings<ZipFindingCode>(overflow: .counted(location: file.path))
        let end = try ZipEndLocator.locate(file, limits: limits, findings: &findings)
        var entries = try ZipCentralDirectory.read(file, end: end)
        var records: [ZipLocalRecord] = []
        records.reserveCapacity(entries.count)
        // The local headers (and descriptors) lie all over the file.
        var release = ReleaseBehind(file)
        for index in entries.indices {
            release.reached(entries[index].localHeaderOffset)
            let record = try ZipLocalHeader.read(file, entry: entries[index])
            entries[index].dataOffset = record.data.lowerBound
            if let problem = record.descriptorProblem {
                findings.add(.descriptorMismatch, "the data descriptor of entry '\(entries[index].name)' is missing or wrong: \(problem)",
                             in: file.path, at: record.data.upperBound)
            }
            records.append(record)
        }
        file.advise(.dontNeed, range: 0..<end.directoryRange.lowerBound)
        firstIndex = try ZipChecks.entries(entries, file: file, limits: limits, findings: &findings)
        prefixLength = try ZipChecks.layout(entries, records: records, end: end, file: file, findings: &findings)
        self.file = file
        self.entries = entries
        self.findings = findings.all
        self.limits = limits
        centralDirectoryRange = end.directoryRange
        isZip64 = end.zip64RecordOffset != nil
        commentRange = (end.offset + ZipSignature.endRecordSize)..<end.end
    }

    /// The entry names the central directory lists, in order, without reading or checking anything
    /// else (local headers, overlaps, names): what format detection needs, at a fraction of `init`'s cost.
    public static func entryNames(_ file: MappedFile, limits: ZipLimits = ZipLimits()) throws -> [String] {
        var findings = CappedFindings<ZipFindingCode>(overflow: .counted(location: file.path))
        let end = try ZipEndLocator.locate(file, limits: limits, findings: &findings)
        return try ZipCentralDirectory.read(file, end: end).map(\.name)
    }

    /// The first entry named `name`, if any.
    public func entry(named name: String) -> ZipEntry? {
        firstIndex[name].map { entries[$0] }
    }

    /// The absolute byte range of the entry's (possibly compressed) data, after checking its local header again.
    public func dataRange(of entry: ZipEntry) throws -> Range<Int> {
        try ZipLocalHeader.read(file, entry: entry).data
    }

    /// A zero-copy reader over a stored, unencrypted entry's bytes.
    public func reader(for entry: ZipEntry) throws -> ByteReader {
        try requireReadable(entry)
        guard entry.method == .stored else {
            throw file.reader().error("zip-not-stored", expected: "a stored entry to read in place",
                                      found: "entry '\(entry.name)' \(entry.method)",
                                      at: entry.localHeaderOffset)
        }
        return file.reader(try dataRange(of: entry))
    }

    /// The entry's uncompressed bytes (stored or deflated), at most `maxSize` of them, CRC-32 checked.
    public func contents(of entry: ZipEntry, maxSize: Int) throws -> [UInt8] {
        try requireReadable(entry)
        let whole = file.reader()
        guard entry.uncompressedSize <= maxSize else {
            throw whole.error("zip-entry-too-large", expected: "at most \(maxSize) bytes in entry '\(entry.name)'",
                              found: "\(entry.uncompressedSize) bytes declared", at: entry.localHeaderOffset)
        }
        let range = try dataRange(of: entry)
        let input = try whole.buffer(range)
        let bytes: [UInt8]
        if entry.method == .stored {
            guard input.count == entry.uncompressedSize else {
                throw whole.error("zip-stored-size-mismatch", expected: "\(entry.uncompressedSize) stored bytes",
                                  found: "\(input.count)", at: range.lowerBound)
            }
            bytes = Array(input)
        } else {
            bytes = try ZipInflate.inflate(input, expected: entry.uncompressedSize, reader: whole, offset: range.lowerBound)
        }
        let crc = bytes.withUnsafeBytes { ZipInflate.crc32($0) }
        guard crc == entry.crc32 else {
            throw whole.error("zip-crc-mismatch", expected: "CRC-32 \(ZipLocalHeader.hex(entry.crc32)) for entry '\(entry.name)'",
                              found: ZipLocalHeader.hex(crc), at: range.lowerBound)
        }
        return bytes
    }

    /// Throws unless the entry's contents can be read at all (not encrypted, method supported).
    private func requireReadable(_ entry: ZipEntry) throws {
        if entry.isEncrypted {
            throw file.reader().error("zip-encrypted", expected: "an unencrypted entry", found: "entry '\(entry.name)' encrypted",
                                      at: entry.localHeaderOffset)
        }
        if !entry.method.isSupported {
            throw file.reader().error("zip-unsupported-method", expected: "a stored or deflated entry",
                                      found: "entry '\(entry.name)' \(entry.method)", at: entry.localHeaderOffset)
        }
    }
}
