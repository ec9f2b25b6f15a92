import ModelArtifact

/// Where a `StoredZipWriter` writes: bytes appended at the end of one output.
public protocol ZipOutput: AnyObject {
    /// The output's path, for errors.
    var path: String { get }
    /// Bytes appended so far: where the next record starts.
    var written: Int { get }
    /// Appends `bytes`.
    func write(_ bytes: [UInt8]) throws
}

/// A ZIP of stored entries as the SyNAP toolkit writes its bundles (Python `zipfile`, `ZIP_STORED`):
/// version 2.0, no flags, date 1980-01-01 00:00, Unix mode 0600, no extra fields, no ZIP64
/// (an entry or archive past 4 GiB is refused).
public struct StoredZipWriter<Output: ZipOutput> {
    private struct Central {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    private let out: Output
    private var central: [Central] = []

    /// Starts an archive written to `out`.
    public init(_ out: Output) {
        self.out = out
    }

    /// Appends a stored entry `name` of `count` bytes whose CRC-32 is `crc`; `contents` appends
    /// those bytes to the output after the local header.
    public mutating func add(_ name: String, count: Int, crc: UInt32, contents: (Output) throws -> Void) throws {
        let nameBytes = Array(name.utf8)
        guard count <= Int(UInt32.max), out.written <= Int(UInt32.max), nameBytes.count <= Int(UInt16.max) else {
            throw ArtifactError(file: out.path, offset: out.written, rule: "convert-zip-too-large",
                                expected: "entries and offsets under 4 GiB (no ZIP64)", found: "'\(name)' of \(count) bytes")
        }
        let entry = Central(name: nameBytes, crc: crc, size: UInt32(count), offset: UInt32(out.written))
        var header = Self.u32(ZipSignature.localHeader) + Self.u16(20) + Self.u16(0) + Self.u16(0) + Self.u16(0) + Self.u16(0x21)
        header += Self.u32(crc) + Self.u32(entry.size) + Self.u32(entry.size) + Self.u16(UInt16(nameBytes.count)) + Self.u16(0)
        try out.write(header + nameBytes)
        try contents(out)
        central.append(entry)
    }

    /// Writes the central directory and the end record.
    public func finish() throws {
        let start = out.written
        for e in central {
            var record = Self.u32(ZipSignature.centralHeader) + Self.u16(0x0314) + Self.u16(20) + Self.u16(0) + Self.u16(0) + Self.u16(0)
            record += Self.u16(0x21) + Self.u32(e.crc) + Self.u32(e.size) + Self.u32(e.size) + Self.u16(UInt16(e.name.count))
            record += Self.u16(0) + Self.u16(0) + Self.u16(0) + Self.u16(0) + Self.u32(0o600 << 16) + Self.u32(e.offset)
            try out.write(record + e.name)
        }
        let size = out.written - start
        guard central.count <= Int(UInt16.max), start <= Int(UInt32.max) else {
            throw ArtifactError(file: out.path, offset: start, rule: "convert-zip-too-large", expected: "a ZIP without ZIP64",
                                found: "\(central.count) entries, central directory at \(start)")
        }
        let count = Self.u16(UInt16(central.count))
        try out.write(Self.u32(ZipSignature.endRecord) + Self.u16(0) + Self.u16(0) + count + count + Self.u32(UInt32(size))
                      + Self.u32(UInt32(start)) + Self.u16(0))
    }

    private static func u16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
    private static func u32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
}
