import ModelArtifact

/// An entry's local file header, checked against its central-directory record.
struct ZipLocalRecord {
    /// The entry's data bytes.
    var data: Range<Int>
    /// The first byte after the data and its data descriptor (if one was recognised).
    var end: Int
    /// Why the data descriptor was not recognised, when the entry has one that does not match.
    var descriptorProblem: String?
}

enum ZipLocalHeader {
    /// Reads and checks the local header of `entry` (APPNOTE 4.3.7): its signature, its name and extra
    /// lengths, name bytes, method, encryption bit and — unless its flag bit 3 defers them to a data
    /// descriptor — CRC and sizes. Then locates the data and, with bit 3, the descriptor after it.
    static func read(_ file: MappedFile, entry: ZipEntry) throws -> ZipLocalRecord {
        let start = entry.localHeaderOffset
        let whole = file.reader()
        guard start >= 0, start <= file.size - ZipSignature.localHeaderSize else {
            throw whole.error("zip-local-header-bad", expected: "a local header of 30 bytes for '\(entry.name)'",
                              found: "offset \(start) in a file of \(file.size) bytes", at: max(0, min(start, file.size)))
        }
        var r = try whole.at(start)
        guard try r.u32() == ZipSignature.localHeader else {
            throw r.error("zip-local-header-bad", expected: "a local header (PK\\3\\4) for '\(entry.name)'",
                          found: "other bytes", at: start)
        }
        try r.skip(2)  // version needed
        let flags = try r.u16()
        let method = try r.u16()
        try r.skip(4)  // time, date
        let crc = try r.u32()
        let compressed32 = try r.u32(), uncompressed32 = try r.u32()
        let nameLength = Int(try r.u16()), extraLength = Int(try r.u16())
        guard r.remaining >= nameLength + extraLength else {
            throw r.error("zip-local-header-bad", expected: "\(nameLength + extraLength) bytes of name and extra field for '\(entry.name)'",
                          found: "\(r.remaining) bytes before the end of the file", at: start)
        }
        let nameRange = try r.slice(nameLength)
        let extraRange = try r.slice(extraLength)
        let mismatch = { (what: String, central: String, local: String) in
            whole.error("zip-local-header-mismatch", expected: "the local header of '\(entry.name)' to agree on \(what): \(central)",
                    found: local, at: start)
        }
        guard try r.buffer(nameRange).elementsEqual(try r.buffer(entry.nameRange)) else {
            let local = ZipNames.decode(try r.buffer(nameRange), utf8: flags & 0x0800 != 0).name
            throw mismatch("the name", "'\(entry.name)'", "'\(local)'")
        }
        guard method == entry.method.rawValue else {
            throw mismatch("the method", "\(entry.method)", "\(ZipMethod(rawValue: method))")
        }
        guard flags & 0x0001 == entry.flags & 0x0001 else {
            throw mismatch("encryption (flag bit 0)", entry.isEncrypted ? "set" : "clear", entry.isEncrypted ? "clear" : "set")
        }
        let wide = Zip64Values.read(file, extra: extraRange, uncompressed: uncompressed32 == 0xFFFF_FFFF,
                                    compressed: compressed32 == 0xFFFF_FFFF, offset: false, disk: false)
        let deferred = flags & 0x0008 != 0
        if !deferred {
            let uncompressed = try wide.resolve(uncompressed32, \.uncompressed, "uncompressed size in a local header", r, start)
            let compressed = try wide.resolve(compressed32, \.compressed, "compressed size in a local header", r, start)
            guard crc == entry.crc32, compressed == entry.compressedSize, uncompressed == entry.uncompressedSize else {
                throw mismatch("CRC and sizes", "\(hex(entry.crc32)), \(entry.compressedSize) → \(entry.uncompressedSize) bytes",
                               "\(hex(crc)), \(compressed) → \(uncompressed) bytes")
            }
        }
        let dataStart = r.offset
        guard entry.compressedSize <= file.size - dataStart else {
            throw r.error("zip-entry-truncated", expected: "\(entry.compressedSize) bytes of data for '\(entry.name)'",
                          found: "\(file.size - dataStart) bytes before the end of the file", at: dataStart)
        }
        let data = dataStart..<(dataStart + entry.compressedSize)
        guard deferred || entry.hasDataDescriptor else {
            return ZipLocalRecord(data: data, end: data.upperBound, descriptorProblem: nil)
        }
        switch descriptorLength(file, at: data.upperBound, entry: entry, zip64First: wide.found) {
        case .success(let length):
            return ZipLocalRecord(data: data, end: data.upperBound + length, descriptorProblem: nil)
        case .failure(let problem):
            return ZipLocalRecord(data: data, end: data.upperBound, descriptorProblem: problem.text)
        }
    }

    struct Problem: Error { var text: String }

    /// The length of the data descriptor at `position` (APPNOTE 4.3.9): an optional signature, the CRC,
    /// then both sizes in 4 or (ZIP64) 8 bytes each; it must repeat the central directory's values.
    static func descriptorLength(_ file: MappedFile, at position: Int, entry: ZipEntry, zip64First: Bool) -> Result<Int, Problem> {
        let reader = file.reader()
        let signed = reader.u32(at: position) == ZipSignature.dataDescriptor
        let base = signed ? position + 4 : position
        guard let crc = reader.u32(at: base) else { return .failure(Problem(text: "the file ends before it")) }
        guard crc == entry.crc32 else {
            return .failure(Problem(text: "its CRC \(hex(crc)) is not the central directory's \(hex(entry.crc32))"))
        }
        let narrow: () -> Bool = {
            reader.u32(at: base + 4).map(Int.init) == entry.compressedSize
                && reader.u32(at: base + 8).map(Int.init) == entry.uncompressedSize
        }
        let wide: () -> Bool = {
            guard var w = try? reader.at(base + 4), let c = try? w.u64(), let u = try? w.u64() else { return false }
            return Int(exactly: c) == entry.compressedSize && Int(exactly: u) == entry.uncompressedSize
        }
        let header = base - position + 4
        if zip64First {
            if wide() { return .success(header + 16) }
            if narrow() { return .success(header + 8) }
        } else {
            if narrow() { return .success(header + 8) }
            if wide() { return .success(header + 16) }
        }
        return .failure(Problem(text: "its sizes are not the central directory's \(entry.compressedSize) and \(entry.uncompressedSize)"))
    }

    static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
}
