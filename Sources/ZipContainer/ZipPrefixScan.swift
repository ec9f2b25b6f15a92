import ModelArtifact

/// What a walk over the local headers at the start of a byte prefix found (format detection on a stream).
public struct ZipLocalScan: Sendable, Equatable {
    /// Why the walk stopped.
    public enum Stop: String, Sendable, Equatable {
        /// The central directory (or an end record) came next: every entry was seen.
        case centralDirectory
        /// The prefix ended first.
        case endOfData
        /// A compressed entry with a data descriptor (flag bit 3): its size is not known from its header.
        case dataDescriptor
        /// `maxEntries` names were read.
        case entryLimit
        /// The bytes at the cursor are not a ZIP record.
        case notAHeader
    }

    /// The entry names in file order, as far as the walk went.
    public var names: [String]
    /// Why the walk stopped.
    public var stop: Stop
    /// True when the walk reached the central directory, so `names` lists every entry.
    public var complete: Bool { stop == .centralDirectory }

    /// Creates a scan result.
    public init(names: [String], stop: Stop) {
        self.names = names
        self.stop = stop
    }
}

extension ZipArchive {
    /// Walks the local file headers from the start of `reader` without ever throwing, skipping each
    /// entry's data when its size is known; a stored entry with a data descriptor is skipped by
    /// finding the descriptor whose sizes equal the distance to it (as torch.save writes them).
    public static func scanLocalHeaders(_ reader: ByteReader, maxEntries: Int = 256) -> ZipLocalScan {
        var r = reader
        var names: [String] = []
        while true {
            guard names.count < maxEntries else { return ZipLocalScan(names: names, stop: .entryLimit) }
            guard let signature = r.u32(at: r.offset) else { return ZipLocalScan(names: names, stop: .endOfData) }
            switch signature {
            case ZipSignature.localHeader:
                break
            case ZipSignature.centralHeader, ZipSignature.endRecord, ZipSignature.zip64EndRecord:
                return ZipLocalScan(names: names, stop: .centralDirectory)
            default:
                return ZipLocalScan(names: names, stop: .notAHeader)
            }
            do {
                if let stop = try scanEntry(&r, names: &names) { return ZipLocalScan(names: names, stop: stop) }
            } catch {
                return ZipLocalScan(names: names, stop: .endOfData)
            }
        }
    }

    /// Reads one local header at the cursor, appends its name and moves past its data; returns why to stop, if so.
    private static func scanEntry(_ r: inout ByteReader, names: inout [String]) throws -> ZipLocalScan.Stop? {
        try r.skip(6)  // signature, version needed
        let flags = try r.u16()
        let method = ZipMethod(rawValue: try r.u16())
        try r.skip(8)  // time, date, CRC
        let compressed32 = try r.u32(), uncompressed32 = try r.u32()
        let nameLength = Int(try r.u16()), extraLength = Int(try r.u16())
        let nameRange = try r.slice(nameLength, what: "an entry name")
        names.append(ZipNames.decode(try r.buffer(nameRange), utf8: flags & 0x0800 != 0).name)
        let extraRange = try r.slice(extraLength, what: "an extra field")
        let dataStart = r.offset
        if flags & 0x0008 != 0 {
            guard method == .stored else { return .dataDescriptor }
            guard let next = descriptorEnd(r, dataStart: dataStart) else { return .endOfData }
            try r.seek(to: next)
            return nil
        }
        let wide = Zip64Values.read(r.file, extra: extraRange, uncompressed: uncompressed32 == 0xFFFF_FFFF,
                                    compressed: compressed32 == 0xFFFF_FFFF, offset: false, disk: false)
        let size = try wide.resolve(compressed32, \.compressed, "compressed size", r, dataStart)
        try r.skip(size, what: "entry data")
        return nil
    }

    /// The end of the first signed data descriptor after `dataStart` whose sizes (32- or 64-bit)
    /// both equal its distance from `dataStart`; `nil` when none lies inside the reader.
    private static func descriptorEnd(_ r: ByteReader, dataStart: Int) -> Int? {
        guard let bytes = try? r.buffer(dataStart..<r.range.upperBound) else { return nil }
        var i = 0
        while i + 16 <= bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4b, bytes[i + 2] == 0x07, bytes[i + 3] == 0x08 {
                let position = dataStart + i
                if r.u32(at: position + 8).map(Int.init) == i, r.u32(at: position + 12).map(Int.init) == i {
                    return position + 16
                }
                if var w = try? r.at(position + 8), let c = try? w.u64(), let u = try? w.u64(), c == UInt64(i), u == UInt64(i) {
                    return position + 24
                }
            }
            i += 1
        }
        return nil
    }
}
