/// A ZIP writer for tests: every field settable, so that hostile archives can be built byte by byte.
import CZlib
import ModelArtifact
import ZipContainer

/// One entry for the test ZIP writer.
public struct TestZipEntry: Sendable {
    public enum Descriptor: Sendable { case none, signed, unsigned }

    public var name: String
    public var data: [UInt8]
    /// 0 stored, 8 deflated by the writer; any other method writes `data` as it is.
    public var method: UInt16 = 0
    /// Raw name bytes, written instead of `name`'s UTF-8.
    public var nameBytes: [UInt8]? = nil
    /// Raw name bytes written in the local header only (a local header that disagrees).
    public var localNameBytes: [UInt8]? = nil
    /// General-purpose flags written in the local header only, instead of `flags`.
    public var localFlags: UInt16? = nil
    /// General-purpose flags besides bit 3 (which `descriptor` sets).
    public var flags: UInt16 = 0
    public var descriptor: Descriptor = .none
    /// Writes ZIP64 extra fields (sizes and offset saturated) even for a small entry.
    public var zip64 = false
    /// Pads the local extra field ("FB" block, as torch.save does) so the data starts at a multiple of this.
    public var align: Int? = nil
    /// Bytes written as the entry's data instead of `data` stored or deflated.
    public var payload: [UInt8]? = nil
    /// Uncompressed size written in both headers instead of `data.count`.
    public var declaredSize: Int? = nil
    /// CRC written in both headers instead of `data`'s.
    public var crc: UInt32? = nil
    public var versionMadeBy: UInt16 = 0x031E
    public var externalAttributes: UInt32 = 0o100644 << 16
    /// Bytes written after the entry (and its descriptor), belonging to no record.
    public var gapAfter: [UInt8] = []
    /// Extra-field blocks appended to the central-directory record's extra field.
    public var centralExtra: [UInt8] = []

    public init(_ name: String, _ data: [UInt8] = [], method: UInt16 = 0) {
        self.name = name
        self.data = data
        self.method = method
    }

    public init(_ name: String, _ text: String, method: UInt16 = 0) {
        self.init(name, Array(text.utf8), method: method)
    }
}

/// A ZIP archive the tests write byte by byte, with every option a hostile archive needs.
public struct TestZip: Sendable {
    public var entries: [TestZipEntry]
    public var prefix: [UInt8] = []
    public var comment: [UInt8] = []
    public var trailing: [UInt8] = []
    /// Writes the ZIP64 end record and locator (end-record fields saturated).
    public var zip64End = false

    /// The bytes written and where the records went.
    public struct Built: Sendable {
        public var bytes: [UInt8]
        public var localOffsets: [Int] = []
        public var centralOffsets: [Int] = []
        public var directoryOffset = 0
        public var endOffset = 0
        public var zip64EndOffset: Int?

        /// The bytes as an in-memory file.
        public func file(_ name: String = "test.zip") -> MappedFile { MappedFile(bytes: bytes, name: name) }
        /// The archive read from the bytes.
        public func archive(_ limits: ZipLimits = ZipLimits()) throws -> ZipArchive { try ZipArchive(file(), limits: limits) }
    }

    public init(_ entries: [TestZipEntry] = []) { self.entries = entries }

    /// Adds an entry named `name` (UTF-8, flag bit 11 set) holding `data`, stored unless `method`
    /// says otherwise; a symbolic link (Unix mode 0120777, `data` its target) when `symlink`.
    public mutating func add(_ name: String, _ data: [UInt8], method: UInt16 = 0, symlink: Bool = false) {
        add(rawName: Array(name.utf8), data, utf8: true, method: method, symlink: symlink)
    }

    /// Adds an entry whose name is the bytes `rawName` (any bytes, a name given twice: what ordinary
    /// writers refuse to make), flagged UTF-8 or not (then CP437).
    public mutating func add(rawName: [UInt8], _ data: [UInt8], utf8: Bool, method: UInt16 = 0, symlink: Bool = false) {
        var entry = TestZipEntry(String(decoding: rawName, as: UTF8.self), data, method: method)
        entry.nameBytes = rawName
        entry.flags = utf8 ? 0x0800 : 0
        entry.externalAttributes = (symlink ? 0o120777 : 0o100644) << 16
        entries.append(entry)
    }

    /// The archive's bytes.
    public var bytes: [UInt8] { build().bytes }

    public func build() -> Built {
        var out = Built(bytes: prefix)
        var central: [[UInt8]] = []
        for entry in entries {
            let payload = entry.payload ?? (entry.method == 8 ? zipDeflate(entry.data) : entry.data)
            let crc = entry.crc ?? zipCRC32(entry.data)
            let size = entry.declaredSize ?? entry.data.count
            let name = entry.nameBytes ?? Array(entry.name.utf8)
            let deferred = entry.descriptor != .none
            let flags = entry.flags | (deferred ? 0x0008 : 0)
            let offset = out.bytes.count
            out.localOffsets.append(offset)

            var local: [UInt8] = []
            local.zipAppend(ZipSignature.localHeader, 4); local.zipAppend(entry.zip64 ? 45 : 20, 2)
            local.zipAppend(entry.localFlags.map { $0 | (deferred ? 0x0008 : 0) } ?? flags, 2); local.zipAppend(entry.method, 2)
            local.zipAppend(0, 4)  // time, date
            local.zipAppend(deferred ? 0 : crc, 4)
            if entry.zip64 {
                local.zipAppend(0xFFFF_FFFF, 4); local.zipAppend(0xFFFF_FFFF, 4)
            } else {
                local.zipAppend(deferred ? 0 : payload.count, 4); local.zipAppend(deferred ? 0 : size, 4)
            }
            var extra: [UInt8] = []
            if entry.zip64 {
                extra.zipAppend(1, 2); extra.zipAppend(16, 2)
                extra.zipAppend(deferred ? 0 : size, 8); extra.zipAppend(deferred ? 0 : payload.count, 8)
            }
            if let align = entry.align {
                let unpadded = offset + 30 + name.count + extra.count + 4
                let pad = (align - unpadded % align) % align
                extra += Array("FB".utf8); extra.zipAppend(pad, 2); extra += [UInt8](repeating: 0x5A, count: pad)
            }
            let localName = entry.localNameBytes ?? name
            local.zipAppend(localName.count, 2); local.zipAppend(extra.count, 2)
            out.bytes += local + localName + extra + payload
            if deferred {
                if entry.descriptor == .signed { out.bytes.zipAppend(ZipSignature.dataDescriptor, 4) }
                out.bytes.zipAppend(crc, 4)
                out.bytes.zipAppend(payload.count, entry.zip64 ? 8 : 4); out.bytes.zipAppend(size, entry.zip64 ? 8 : 4)
            }
            out.bytes += entry.gapAfter

            var record: [UInt8] = []
            record.zipAppend(ZipSignature.centralHeader, 4); record.zipAppend(entry.versionMadeBy, 2); record.zipAppend(entry.zip64 ? 45 : 20, 2)
            record.zipAppend(flags, 2); record.zipAppend(entry.method, 2); record.zipAppend(0, 4); record.zipAppend(crc, 4)
            var centralExtra: [UInt8] = []
            if entry.zip64 {
                record.zipAppend(0xFFFF_FFFF, 4); record.zipAppend(0xFFFF_FFFF, 4)
                centralExtra.zipAppend(1, 2); centralExtra.zipAppend(24, 2)
                centralExtra.zipAppend(size, 8); centralExtra.zipAppend(payload.count, 8); centralExtra.zipAppend(offset, 8)
            } else {
                record.zipAppend(payload.count, 4); record.zipAppend(size, 4)
            }
            centralExtra += entry.centralExtra
            record.zipAppend(name.count, 2); record.zipAppend(centralExtra.count, 2); record.zipAppend(0, 2)  // comment
            record.zipAppend(0, 2); record.zipAppend(0, 2); record.zipAppend(entry.externalAttributes, 4)
            record.zipAppend(entry.zip64 ? 0xFFFF_FFFF : offset, 4)
            central.append(record + name + centralExtra)
        }
        out.directoryOffset = out.bytes.count
        for record in central {
            out.centralOffsets.append(out.bytes.count)
            out.bytes += record
        }
        let directorySize = out.bytes.count - out.directoryOffset
        if zip64End {
            let recordOffset = out.bytes.count
            out.zip64EndOffset = recordOffset
            out.bytes.zipAppend(ZipSignature.zip64EndRecord, 4); out.bytes.zipAppend(44, 8); out.bytes.zipAppend(45, 2); out.bytes.zipAppend(45, 2)
            out.bytes.zipAppend(0, 4); out.bytes.zipAppend(0, 4)
            out.bytes.zipAppend(entries.count, 8); out.bytes.zipAppend(entries.count, 8)
            out.bytes.zipAppend(directorySize, 8); out.bytes.zipAppend(out.directoryOffset, 8)
            out.bytes.zipAppend(ZipSignature.zip64Locator, 4); out.bytes.zipAppend(0, 4); out.bytes.zipAppend(recordOffset, 8); out.bytes.zipAppend(1, 4)
        }
        out.endOffset = out.bytes.count
        out.bytes.zipAppend(ZipSignature.endRecord, 4); out.bytes.zipAppend(0, 2); out.bytes.zipAppend(0, 2)
        out.bytes.zipAppend(zip64End ? 0xFFFF : entries.count, 2); out.bytes.zipAppend(zip64End ? 0xFFFF : entries.count, 2)
        out.bytes.zipAppend(zip64End ? 0xFFFF_FFFF : directorySize, 4); out.bytes.zipAppend(zip64End ? 0xFFFF_FFFF : out.directoryOffset, 4)
        out.bytes.zipAppend(comment.count, 2)
        out.bytes += comment + trailing
        return out
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` as a little-endian integer of `width` bytes.
    public mutating func zipAppend(_ value: some BinaryInteger, _ width: Int) {
        let raw = UInt64(truncatingIfNeeded: value)
        for k in 0..<width { append(UInt8(truncatingIfNeeded: raw >> (8 * UInt64(k)))) }
    }

    /// Overwrites `width` bytes at `offset` with `value`, little-endian.
    public mutating func zipPut(_ value: some BinaryInteger, at offset: Int, _ width: Int) {
        let raw = UInt64(truncatingIfNeeded: value)
        for k in 0..<width { self[offset + k] = UInt8(truncatingIfNeeded: raw >> (8 * UInt64(k))) }
    }
}

/// The CRC-32 of `bytes`, as ZIP records it (the reader's own, `ZipInflate.crc32`).
public func zipCRC32(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { ZipInflate.crc32($0) }
}

/// `bytes` compressed as a raw deflate stream by zlib at level 9.
public func zipDeflate(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    let status = deflateInit2_(&stream, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                               Int32(MemoryLayout<z_stream>.size))
    precondition(status == Z_OK)
    defer { deflateEnd(&stream) }
    let bound = Int(deflateBound(&stream, UInt(bytes.count)))
    var output = [UInt8](repeating: 0, count: bound)
    var input = bytes
    let written = input.withUnsafeMutableBufferPointer { inputBuffer in
        output.withUnsafeMutableBufferPointer { outputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(inputBuffer.count)
            stream.next_out = outputBuffer.baseAddress
            stream.avail_out = UInt32(outputBuffer.count)
            precondition(CZlib.deflate(&stream, Z_FINISH) == Z_STREAM_END)
            return outputBuffer.count - Int(stream.avail_out)
        }
    }
    return Array(output[..<written])
}

