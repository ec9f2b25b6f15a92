import ModelArtifact

/// A ZIP compression method, by its number in the ZIP specification (APPNOTE 4.4.5).
public struct ZipMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method number as stored in the headers.
    public let rawValue: UInt16

    /// Wraps a method number.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Method 0: the bytes as they are (every PyTorch storage).
    public static let stored = ZipMethod(rawValue: 0)
    /// Method 8: raw deflate, inflated through zlib.
    public static let deflated = ZipMethod(rawValue: 8)

    /// True for the methods this reader can read: stored and deflated.
    public var isSupported: Bool { self == .stored || self == .deflated }

    /// The method's usual name (`deflated`, `bzip2`, `zstd`), or `method N`.
    public var description: String {
        switch rawValue {
        case 0: return "stored"
        case 1: return "shrunk"
        case 6: return "imploded"
        case 8: return "deflated"
        case 9: return "deflate64"
        case 12: return "bzip2"
        case 14: return "lzma"
        case 93: return "zstd"
        case 95: return "xz"
        case 98: return "ppmd"
        case 99: return "aes-encrypted"
        default: return "method \(rawValue)"
        }
    }
}

/// One file in a ZIP archive, as its central-directory record describes it (ZIP64 values applied).
public struct ZipEntry: Sendable, Equatable {
    /// Position in the central directory, from 0.
    public let index: Int
    /// The name: UTF-8 when general-purpose flag bit 11 is set, otherwise decoded as code page 437.
    public let name: String
    /// The compression method.
    public let method: ZipMethod
    /// The general-purpose bit flags (bit 0 encrypted, bit 3 data descriptor, bit 11 UTF-8 name).
    public let flags: UInt16
    /// The CRC-32 of the uncompressed bytes.
    public let crc32: UInt32
    /// Bytes the entry occupies in the file.
    public let compressedSize: Int
    /// Bytes the entry holds once decompressed.
    public let uncompressedSize: Int
    /// Absolute offset of the entry's local file header.
    public let localHeaderOffset: Int
    /// Absolute offset of the entry's central-directory record.
    public let centralHeaderOffset: Int
    /// The "version made by" field; its high byte is the host system (3 = Unix).
    public let versionMadeBy: UInt16
    /// The external file attributes (Unix mode in the high 16 bits when made on Unix).
    public let externalAttributes: UInt32
    /// True when any of the entry's central-directory values came from a ZIP64 extra field.
    public let isZip64: Bool
    /// Absolute offset of the entry's first data byte, just after its local header.
    public internal(set) var dataOffset: Int
    /// Where the raw name bytes lie in the central directory (compared with the local header's).
    let nameRange: Range<Int>
    /// The name an Info-ZIP Unicode Path extra field (0x7075) gives instead, which some extractors use.
    let unicodePath: String?

    /// True when general-purpose bit 0 (encryption) is set: the data cannot be read.
    public var isEncrypted: Bool { flags & 0x0001 != 0 }
    /// True when general-purpose bit 3 is set: the local header's CRC and sizes are in a trailing data descriptor.
    public var hasDataDescriptor: Bool { flags & 0x0008 != 0 }
    /// True when general-purpose bit 11 is set: the name is UTF-8.
    public var isUTF8: Bool { flags & 0x0800 != 0 }
    /// True when the name ends in `/`.
    public var isDirectory: Bool { name.hasSuffix("/") }
    /// True when the entry was made on Unix with a symbolic-link mode.
    public var isSymlink: Bool {
        versionMadeBy >> 8 == 3 && (externalAttributes >> 16) & 0o170000 == 0o120000
    }
}

/// The caps a `ZipArchive` applies to hostile archives; the defaults suit model files.
public struct ZipLimits: Sendable, Equatable {
    /// Most entries accepted in the central directory; more throws `zip-too-many-entries`.
    public var maxEntries: Int
    /// An entry inflating more than this many times its compressed size is reported (`ZIP010`).
    public var bombRatio: Int
    /// …when it also declares at least this many uncompressed bytes.
    public var bombMinimumSize: Int
    /// Total declared uncompressed size of compressed entries above which `ZIP011` is reported.
    public var maxTotalInflated: Int

    /// Creates limits; every argument has a default.
    public init(maxEntries: Int = 1_000_000, bombRatio: Int = 1000, bombMinimumSize: Int = 1 << 20,
                maxTotalInflated: Int = 1 << 36) {
        self.maxEntries = maxEntries
        self.bombRatio = bombRatio
        self.bombMinimumSize = bombMinimumSize
        self.maxTotalInflated = maxTotalInflated
    }
}

/// Signatures and fixed sizes of the ZIP records (APPNOTE 4.3). The probe's byte forms of the local
/// header and end record are `FormatSignatures.zipLocalHeader`/`zipEmptyArchive` (a test holds them equal).
package enum ZipSignature {
    package static let localHeader: UInt32 = 0x0403_4b50
    package static let centralHeader: UInt32 = 0x0201_4b50
    package static let dataDescriptor: UInt32 = 0x0807_4b50
    package static let endRecord: UInt32 = 0x0605_4b50
    package static let zip64EndRecord: UInt32 = 0x0606_4b50
    package static let zip64Locator: UInt32 = 0x0706_4b50

    package static let localHeaderSize = 30
    package static let centralHeaderSize = 46
    package static let endRecordSize = 22
    package static let zip64LocatorSize = 20
    package static let zip64EndRecordSize = 56
    package static let maxCommentLength = 65535
}

extension ByteReader {
    /// A little-endian `UInt32` at absolute `position`, without moving this reader; `nil` when out of range.
    public func u32(at position: Int) -> UInt32? {
        var copy = self
        guard (try? copy.seek(to: position)) != nil else { return nil }
        return try? copy.u32()
    }

    /// This reader moved to absolute `position`.
    public func at(_ position: Int) throws -> ByteReader {
        var copy = self
        try copy.seek(to: position)
        return copy
    }
}
