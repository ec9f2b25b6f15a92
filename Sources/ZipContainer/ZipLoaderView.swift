import ModelArtifact

/// A ZIP archive as a lenient loader reads it, for judging what that loader would unpickle.
///
/// `ZipArchive` checks an archive as a hostile input and refuses anything ambiguous. A loader does
/// not: PyTorch's miniz (`third_party/miniz-3.0.2/miniz.c`) takes the end-of-central-directory
/// signature nearest the end of the file (`mz_zip_reader_locate_header_sig` scans backwards),
/// reads names from the central directory only, matches them case-insensitively
/// (`mz_zip_string_equal`, `MZ_TOLOWER`), finds an entry's data from the local header's signature
/// and its name and extra lengths alone (`mz_zip_reader_extract_to_mem_no_alloc1`), and ignores
/// the local header's name, flags and CRC. Where `ZipArchive` and a loader disagree is exactly where
/// a scanner can be bypassed, so this view reads *every* central directory that an end-record
/// signature in the file's last 64 KiB points to (`readings`), each as leniently as a loader would,
/// and lets the caller judge the union. Nothing here throws: what cannot be read is left out and
/// described in `problems`.
public struct ZipLoaderView: Sendable {
    /// One central-directory record as a loader sees it.
    public struct Record: Sendable, Equatable {
        /// Position in its central directory, from 0.
        public var index: Int
        /// The raw name bytes' range in the file (names are compared as bytes, never decoded).
        public var nameRange: Range<Int>
        /// The name, decoded as UTF-8 with replacement (for messages and reports).
        public var name: String
        /// The compression method.
        public var method: ZipMethod
        /// The general-purpose flags as the central directory gives them.
        public var flags: UInt16
        /// The CRC-32 the central directory declares.
        public var crc32: UInt32
        /// Compressed and uncompressed sizes (ZIP64 values applied).
        public var compressedSize: Int
        public var uncompressedSize: Int
        /// Absolute offset of the local header.
        public var localHeaderOffset: Int
        /// Absolute offset of the central-directory record.
        public var centralOffset: Int
    }

    /// One reading: the central directory one end record names.
    public struct Reading: Sendable {
        /// Absolute offset of the end-of-central-directory record it starts from.
        public var endRecordOffset: Int
        /// Its records, in central-directory order.
        public var records: [Record]
        /// True for the reading miniz takes (the end-record signature nearest the end).
        public var isLoaderChoice: Bool
    }

    /// The file read.
    public let file: MappedFile
    /// Every reading that yielded at least one record, the loader's choice first.
    public let readings: [Reading]
    /// What could not be read, in words (for findings).
    public let problems: [String]

    /// Most records read from one central directory.
    public static let maxRecords = 1_000_000

    /// Reads every central directory of `file` that an end-record signature points to.
    public init(_ file: MappedFile) {
        self.file = file
        var problems: [String] = []
        var readings: [Reading] = []
        let size = file.size
        let bytes = file.bytes
        let windowStart = max(0, size - ZipSignature.endRecordSize - ZipSignature.maxCommentLength - 4096)
        var position = size - ZipSignature.endRecordSize
        var first = true
        while position >= windowStart {
            if bytes[position] == 0x50, bytes[position + 1] == 0x4b, bytes[position + 2] == 0x05, bytes[position + 3] == 0x06 {
                switch Self.read(file, endRecord: position) {
                case .success(let records):
                    if !records.isEmpty {
                        readings.append(Reading(endRecordOffset: position, records: records, isLoaderChoice: first))
                    }
                case .failure(let problem):
                    problems.append("end record at \(position): \(problem.text)")
                }
                first = false
            }
            position -= 1
        }
        self.readings = readings
        self.problems = problems
    }

    struct Problem: Error { var text: String }

    /// The records of the central directory the end record at `position` names, read as miniz
    /// reads them (`mz_zip_reader_read_central_dir`), but keeping every record that parses.
    static func read(_ file: MappedFile, endRecord position: Int) -> Result<[Record], Problem> {
        let base = file.reader()
        guard var r = try? base.at(position + 4) else { return .failure(Problem(text: "truncated")) }
        guard let _ = try? r.u16(), let _ = try? r.u16(), let _ = try? r.u16(), let total16 = try? r.u16(),
              let size32 = try? r.u32(), let offset32 = try? r.u32() else {
            return .failure(Problem(text: "truncated"))
        }
        var total = UInt64(total16), directorySize = UInt64(size32), directoryOffset = UInt64(offset32)
        // ZIP64: a locator just before the end record points to the ZIP64 end record.
        if position >= ZipSignature.zip64LocatorSize,
           base.u32(at: position - ZipSignature.zip64LocatorSize) == ZipSignature.zip64Locator,
           let (_, wide) = try? ZipEndLocator.readZip64(file, locator: position - ZipSignature.zip64LocatorSize) {
            if total16 == 0xFFFF { total = wide[3] }
            if size32 == 0xFFFF_FFFF { directorySize = wide[4] }
            if offset32 == 0xFFFF_FFFF { directoryOffset = wide[5] }
        }
        guard directoryOffset < UInt64(file.size) else {
            return .failure(Problem(text: "central directory offset \(directoryOffset) is past the end of the file"))
        }
        let end = min(UInt64(file.size), directoryOffset &+ directorySize < directoryOffset ? UInt64(file.size) : directoryOffset + directorySize)
        var cd = file.reader(Int(directoryOffset)..<Int(end))
        var records: [Record] = []
        let count = min(Int(min(total, UInt64(maxRecords))), maxRecords)
        for index in 0..<count {
            let start = cd.offset
            guard cd.remaining >= ZipSignature.centralHeaderSize, (try? cd.u32()) == ZipSignature.centralHeader,
                  let record = try? readRecord(&cd, index: index, start: start) else { break }
            records.append(record)
        }
        return .success(records)
    }

    private static func readRecord(_ r: inout ByteReader, index: Int, start: Int) throws -> Record {
        var f = try ZipCentralFields.read(&r)
        try f.readVariable(&r)
        let wide = f.zip64(r.file, disk: false)
        func value(_ narrow: UInt32, _ wideValue: UInt64?) -> Int {
            guard narrow == 0xFFFF_FFFF, let wideValue else { return Int(narrow) }
            return Int(exactly: wideValue) ?? Int.max
        }
        let name = String(decoding: try r.buffer(f.nameRange), as: UTF8.self)
        return Record(index: index, nameRange: f.nameRange, name: name, method: f.method, flags: f.flags, crc32: f.crc,
                      compressedSize: value(f.compressed32, wide.compressed), uncompressedSize: value(f.uncompressed32, wide.uncompressed),
                      localHeaderOffset: value(f.offset32, wide.offset), centralOffset: start)
    }

    /// The raw name bytes of `record`.
    public func nameBytes(_ record: Record) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[record.nameRange])
    }

    /// True when `record`'s name equals `name` ignoring ASCII case, as miniz compares names.
    public func matches(_ record: Record, _ name: [UInt8]) -> Bool {
        let bytes = nameBytes(record)
        guard bytes.count == name.count else { return false }
        for (a, b) in zip(bytes, name) where Self.lower(a) != Self.lower(b) { return false }
        return true
    }

    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte }

    /// The folder a loader takes from `reading`'s first record: its name up to the first `/`
    /// (`PyTorchStreamReader::init`), or nil when there is no slash.
    public func folder(of reading: Reading) -> [UInt8]? {
        guard let first = reading.records.first else { return nil }
        let bytes = nameBytes(first)
        guard let slash = bytes.firstIndex(of: 0x2f) else { return nil }
        return Array(bytes[..<slash])
    }

    /// Where `record`'s data lies as miniz finds it: after the local header's signature, 30 fixed
    /// bytes and the local name and extra lengths, for the central directory's compressed size.
    /// Nil when the local header is missing or the data runs past the end of the file.
    public func dataRange(of record: Record) -> Range<Int>? {
        let reader = file.reader()
        let start = record.localHeaderOffset
        guard start >= 0, start <= file.size - ZipSignature.localHeaderSize,
              reader.u32(at: start) == ZipSignature.localHeader, var r = try? reader.at(start + 26),
              let nameLength = try? r.u16(), let extraLength = try? r.u16() else { return nil }
        let dataStart = start + ZipSignature.localHeaderSize + Int(nameLength) + Int(extraLength)
        guard record.compressedSize >= 0, dataStart <= file.size, record.compressedSize <= file.size - dataStart else { return nil }
        return dataStart..<(dataStart + record.compressedSize)
    }

    /// The bytes `record` holds, as a loader would extract them: stored bytes as they are, deflated
    /// ones inflated streaming up to `limit` bytes; flags and CRC ignored (PyTorch builds miniz
    /// with its CRC checks off, and a scanner must read what an "encrypted" flag hides).
    public func contents(of record: Record, limit: Int) -> Contents {
        guard let range = dataRange(of: record) else { return .unreadable("its local header is missing or its data runs past the end of the file") }
        let input = UnsafeRawBufferPointer(rebasing: file.bytes[range])
        switch record.method {
        case .stored:
            let n = min(input.count, record.uncompressedSize, limit)
            let bytes = Array(input.prefix(n))
            return n < min(input.count, record.uncompressedSize) ? .capped(bytes) : .complete(bytes)
        case .deflated:
            let inflated = ZipInflate.stream(input, limit: min(limit, max(record.uncompressedSize, 0)))
            switch inflated.outcome {
            case .end: return .complete(inflated.bytes)
            case .limitReached:
                return record.uncompressedSize > limit ? .capped(inflated.bytes) : .complete(inflated.bytes)
            case .truncated: return .broken(inflated.bytes, "the deflate stream is cut off")
            case .corrupt(let message): return .broken(inflated.bytes, "the deflate stream is corrupt: \(message)")
            }
        default:
            return .unreadable("it is compressed with \(record.method)")
        }
    }

    /// An entry's bytes as a loader would see them.
    public enum Contents: Sendable {
        /// Every byte.
        case complete([UInt8])
        /// The first bytes only: the entry is larger than the limit.
        case capped([UInt8])
        /// The bytes up to where its compressed data broke.
        case broken([UInt8], String)
        /// Nothing could be read (the reason).
        case unreadable(String)

        /// The bytes read, whole or not; nil when nothing could be read.
        public var bytes: [UInt8]? {
            switch self {
            case .complete(let b), .capped(let b), .broken(let b, _): return b
            case .unreadable: return nil
            }
        }
    }
}
