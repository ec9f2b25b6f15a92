import ModelArtifact

/// Reading the central directory's records and the ZIP64 extra field they may carry.
enum ZipCentralDirectory {
    /// Every record of the central directory `end` names, exactly `end.entryCount` of them filling it.
    static func read(_ file: MappedFile, end: ZipEndRecord) throws -> [ZipEntry] {
        var r = file.reader(end.directoryRange)
        var entries: [ZipEntry] = []
        entries.reserveCapacity(end.entryCount)
        for index in 0..<end.entryCount {
            entries.append(try readRecord(&r, index: index))
        }
        guard r.isAtEnd else {
            let hidden = r.u32(at: r.offset) == ZipSignature.centralHeader ? " starting with another record" : ""
            throw r.error("zip-eocd-mismatch",
                          expected: "a central directory holding exactly the \(end.entryCount) entries the end record counts",
                          found: "\(r.remaining) more bytes\(hidden)")
        }
        return entries
    }

    /// One central-directory record at the reader's cursor (APPNOTE 4.3.12).
    static func readRecord(_ r: inout ByteReader, index: Int) throws -> ZipEntry {
        let start = r.offset
        guard r.remaining >= ZipSignature.centralHeaderSize else {
            throw r.error("zip-cd-truncated", expected: "a central-directory record of 46 bytes",
                          found: "\(r.remaining) bytes left in the central directory")
        }
        guard try r.u32() == ZipSignature.centralHeader else {
            throw r.error("zip-cd-bad-signature", expected: "a central-directory record (PK\\1\\2)", found: "other bytes", at: start)
        }
        var f = try ZipCentralFields.read(&r)
        guard r.remaining >= f.variableLength else {
            throw r.error("zip-cd-truncated",
                          expected: "\(f.variableLength) bytes of name, extra field and comment",
                          found: "\(r.remaining) bytes left in the central directory", at: start)
        }
        try f.readVariable(&r)
        let wide = f.zip64(r.file, disk: true)
        let at = { (field: String) in "\(field) of central-directory record \(index)" }
        let uncompressed = try wide.resolve(f.uncompressed32, \.uncompressed, at("uncompressed size"), r, start)
        let compressed = try wide.resolve(f.compressed32, \.compressed, at("compressed size"), r, start)
        let localOffset = try wide.resolve(f.offset32, \.offset, at("local header offset"), r, start)
        let disk = f.disk16 == 0xFFFF ? (wide.disk ?? 0xFFFF) : UInt32(f.disk16)
        guard disk == 0 else {
            throw r.error("zip-multi-disk", expected: "entries on disk 0", found: "disk \(disk)", at: start)
        }
        let decoded = ZipNames.decode(try r.buffer(f.nameRange), utf8: f.flags & 0x0800 != 0)
        return ZipEntry(index: index, name: decoded.name, method: f.method, flags: f.flags, crc32: f.crc,
                        compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: localOffset,
                        centralHeaderOffset: start, versionMadeBy: f.versionMadeBy, externalAttributes: f.external,
                        isZip64: wide.found, dataOffset: -1, nameRange: f.nameRange,
                        unicodePath: ZipExtraField.unicodePath(in: f.extraRange, of: r.file))
    }
}

/// The fields of a central-directory record after its signature (APPNOTE 4.3.12), as written:
/// what both the strict reader (`ZipCentralDirectory`) and the lenient one (`ZipLoaderView`) read
/// before each applies its own rules.
struct ZipCentralFields {
    var versionMadeBy: UInt16
    var flags: UInt16
    var method: ZipMethod
    var crc: UInt32
    var compressed32: UInt32
    var uncompressed32: UInt32
    var nameLength: Int
    var extraLength: Int
    var commentLength: Int
    var disk16: UInt16
    var external: UInt32
    var offset32: UInt32
    /// Where the name and the extra field lie, once `readVariable` has read them.
    var nameRange = 0..<0
    var extraRange = 0..<0

    /// Bytes of name, extra field and comment after the fixed part.
    var variableLength: Int { nameLength + extraLength + commentLength }

    /// Reads the 42 fixed bytes at the reader's cursor, just after the signature.
    static func read(_ r: inout ByteReader) throws -> ZipCentralFields {
        let versionMadeBy = try r.u16()
        try r.skip(2)  // version needed
        let flags = try r.u16()
        let method = ZipMethod(rawValue: try r.u16())
        try r.skip(4)  // time, date
        let crc = try r.u32()
        let compressed32 = try r.u32(), uncompressed32 = try r.u32()
        let nameLength = Int(try r.u16()), extraLength = Int(try r.u16()), commentLength = Int(try r.u16())
        let disk16 = try r.u16()
        try r.skip(2)  // internal attributes
        let external = try r.u32()
        let offset32 = try r.u32()
        return ZipCentralFields(versionMadeBy: versionMadeBy, flags: flags, method: method, crc: crc, compressed32: compressed32,
                                uncompressed32: uncompressed32, nameLength: nameLength, extraLength: extraLength,
                                commentLength: commentLength, disk16: disk16, external: external, offset32: offset32)
    }

    /// Reads the name, extra field and comment that follow the fixed part.
    mutating func readVariable(_ r: inout ByteReader) throws {
        nameRange = try r.slice(nameLength, what: "an entry name")
        extraRange = try r.slice(extraLength, what: "an extra field")
        try r.skip(commentLength, what: "an entry comment")
    }

    /// The ZIP64 values of the saturated fields (the disk number's too when `disk`).
    func zip64(_ file: MappedFile, disk: Bool) -> Zip64Values {
        Zip64Values.read(file, extra: extraRange, uncompressed: uncompressed32 == 0xFFFF_FFFF,
                         compressed: compressed32 == 0xFFFF_FFFF, offset: offset32 == 0xFFFF_FFFF, disk: disk && disk16 == 0xFFFF)
    }
}

/// The values of a ZIP64 extended-information extra field (id 0x0001, APPNOTE 4.5.3).
///
/// The field holds, in order, only the values whose header field is saturated (0xFFFFFFFF, or
/// 0xFFFF for the disk): uncompressed size, compressed size, local header offset, disk number.
struct Zip64Values {
    var found = false
    var uncompressed: UInt64?
    var compressed: UInt64?
    var offset: UInt64?
    var disk: UInt32?

    /// Reads the first ZIP64 field of the extra area `extra`; values the field is too short for stay `nil`.
    static func read(_ file: MappedFile, extra: Range<Int>, uncompressed: Bool, compressed: Bool,
                     offset: Bool, disk: Bool) -> Zip64Values {
        var values = Zip64Values()
        guard var block = ZipExtraField.find(0x0001, in: extra, of: file) else { return values }
        values.found = true
        if uncompressed { values.uncompressed = try? block.u64() }
        if compressed, values.uncompressed != nil || !uncompressed { values.compressed = try? block.u64() }
        if offset, values.compressed != nil || !compressed { values.offset = try? block.u64() }
        if disk, values.offset != nil || !offset { values.disk = try? block.u32() }
        return values
    }

    /// The value of a header field: itself, or the ZIP64 value when it is saturated; always an `Int`.
    func resolve(_ narrow: UInt32, _ key: KeyPath<Zip64Values, UInt64?>, _ what: @autoclosure () -> String,
                 _ r: ByteReader, _ at: Int) throws -> Int {
        guard narrow == 0xFFFF_FFFF else { return Int(narrow) }
        guard let wide = self[keyPath: key] else {
            throw r.error("zip64-extra-missing", expected: "a ZIP64 extra field giving the \(what())",
                          found: found ? "a ZIP64 field too short" : "no ZIP64 field", at: at)
        }
        guard let value = Int(exactly: wide) else {
            throw r.error("zip-size-out-of-range", expected: "a \(what()) below 2^63", found: "\(wide)", at: at)
        }
        return value
    }
}

/// The blocks of an extra-field area: a 2-byte id, a 2-byte size, then that many bytes (APPNOTE 4.5).
enum ZipExtraField {
    /// A reader over the data of the first block with `id`; a block longer than what is left ends the walk.
    static func find(_ id: UInt16, in extra: Range<Int>, of file: MappedFile) -> ByteReader? {
        var r = file.reader(extra)
        while r.remaining >= 4, let tag = try? r.u16(), let size = try? r.u16() {
            guard let block = try? r.subReader(Int(size)) else { return nil }
            if tag == id { return block }
        }
        return nil
    }

    /// The UTF-8 name of an Info-ZIP Unicode Path field (id 0x7075: version 1, CRC of the header name, name).
    static func unicodePath(in extra: Range<Int>, of file: MappedFile) -> String? {
        guard var block = ZipExtraField.find(0x7075, in: extra, of: file), (try? block.u8()) == 1,
              (try? block.skip(4)) != nil, let name = try? block.slice(block.remaining),
              let bytes = try? block.buffer(name) else { return nil }
        return ZipNames.decode(bytes, utf8: true).name
    }
}
