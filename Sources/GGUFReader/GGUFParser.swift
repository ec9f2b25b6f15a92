import ModelArtifact

/// Walks a GGUF file front to back: header, metadata, tensor infos, then the data layout.
struct GGUFParser {
    let file: MappedFile
    let limits: GGUFLimits
    var values: GGUFValueParser
    var findings = CappedFindings<GGUFFindingCode>()

    init(file: MappedFile, limits: GGUFLimits) {
        self.file = file
        self.limits = limits
        self.values = GGUFValueParser(reader: file.reader(), limits: limits)
    }

    /// The cursor, shared with the value parser.
    var reader: ByteReader {
        get { values.reader }
        set { values.reader = newValue }
    }

    mutating func parse() throws -> GGUFFile {
        let version = try header()
        let tensorCountOffset = reader.offset
        let tensorCount = try reader.u64()
        let kvCountOffset = reader.offset
        let kvCount = try reader.u64()
        try checkCount(kvCount, minimumSize: GGUFConstants.minimumKVSize, at: kvCountOffset,
                       rule: "gguf-too-many-kv", what: "metadata entries")
        try checkCount(tensorCount, minimumSize: GGUFConstants.minimumTensorInfoSize, at: tensorCountOffset,
                       rule: "gguf-too-many-tensors", what: "tensor infos")
        let (metadata, keyIndex) = try metadataEntries(count: Int(kvCount))
        let alignment = try alignment(metadata, keyIndex)
        try checkCount(tensorCount, minimumSize: GGUFConstants.minimumTensorInfoSize, at: tensorCountOffset,
                       rule: "gguf-too-many-tensors", what: "tensor infos")
        var (tensors, tensorIndex) = try tensorInfos(count: Int(tensorCount))
        let dataOffset = Self.alignUp(reader.offset, to: alignment)
        try place(&tensors, dataOffset: dataOffset, alignment: alignment)
        return GGUFFile(path: file.path, size: file.size, version: version, metadata: metadata, keyIndex: keyIndex,
                        tensors: tensors, tensorIndex: tensorIndex, alignment: alignment, dataOffset: dataOffset,
                        findings: findings.all)
    }

    /// The magic and the version, which must be 2 or 3 read little-endian.
    private mutating func header() throws -> UInt32 {
        let magic = GGUFConstants.magic
        let head = Array(file.bytes.prefix(magic.count))
        guard head == Array(magic.prefix(head.count)) else {
            throw reader.error("gguf-bad-magic", expected: "the magic \"GGUF\" (47 47 55 46)",
                               found: head.map { hex($0) }.joined(separator: " "), at: 0)
        }
        try reader.skip(magic.count, what: "the GGUF magic")
        let versionOffset = reader.offset
        let version = try reader.u32()
        guard !GGUFConstants.supportedVersions.contains(version) else { return version }
        if version == 1 {
            throw reader.error("gguf-unsupported-version", expected: "GGUF version 2 or 3",
                               found: "version 1 (32-bit counts; not supported)", at: versionOffset)
        }
        if version & 0xffff == 0, (1...3).contains(version.byteSwapped) {
            throw reader.error("gguf-big-endian", expected: "a little-endian GGUF file",
                               found: "version \(version.byteSwapped) written big-endian (0x\(String(version, radix: 16)))",
                               at: versionOffset)
        }
        throw reader.error("gguf-unsupported-version", expected: "GGUF version 2 or 3", found: "version \(version)",
                           at: versionOffset)
    }

    /// Throws unless `count` items of at least `minimumSize` bytes each fit in the bytes left.
    private func checkCount(_ count: UInt64, minimumSize: Int, at offset: Int, rule: String, what: String) throws {
        let fit = reader.remaining / minimumSize
        guard count <= UInt64(fit) else {
            throw reader.error(rule, expected: "at most \(fit) \(what) in the \(reader.remaining) bytes left",
                               found: "a count of \(count)", at: offset)
        }
    }

    /// `count` key/value entries, in file order, and the index of each key's first entry.
    private mutating func metadataEntries(count: Int) throws -> ([GGUFKeyValue], [String: Int]) {
        var entries: [GGUFKeyValue] = []
        var index: [String: Int] = [:]
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let start = reader.offset
            let key = try values.string(maxLength: limits.maxKeyLength, rule: "gguf-key-too-long",
                                        what: "a metadata key")
            let type = try values.valueType(what: "a metadata value")
            let value = try values.value(type, depth: 0)
            if let first = index[key] {
                findings.add(.duplicateKey,
                             "metadata key \"\(key)\" appears again (first at byte \(entries[first].offset)); the first value is reported",
                             in: file.path, at: start)
            } else {
                index[key] = entries.count
            }
            entries.append(GGUFKeyValue(key: key, value: value, offset: start))
        }
        return (entries, index)
    }

    /// `general.alignment`: a UINT32 power of two, 32 when absent.
    private func alignment(_ metadata: [GGUFKeyValue], _ index: [String: Int]) throws -> Int {
        guard let position = index[GGUFConstants.alignmentKey] else { return GGUFConstants.defaultAlignment }
        let entry = metadata[position]
        guard case .uint32(let value) = entry.value, value != 0, value & (value - 1) == 0 else {
            let found: String
            if case .uint32(let value) = entry.value { found = "\(value)" } else { found = "a \(entry.value.type) value" }
            throw reader.error("gguf-bad-alignment", expected: "\(GGUFConstants.alignmentKey) as a UINT32 power of two",
                               found: found, at: entry.offset)
        }
        return Int(value)
    }

    /// `offset` rounded up to a multiple of `alignment` (a power of two far below `Int.max`).
    static func alignUp(_ offset: Int, to alignment: Int) -> Int {
        (offset + alignment - 1) / alignment * alignment
    }

    private func hex(_ byte: UInt8) -> String {
        (byte < 16 ? "0" : "") + String(byte, radix: 16)
    }
}
