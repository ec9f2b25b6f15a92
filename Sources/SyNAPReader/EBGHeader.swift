import ModelArtifact

/// One 20-byte record of an EBG metadata block: an input, an output or a memory area.
public struct EBGRecord: Sendable, Equatable {
    /// Record type: 1…7 memory areas, 8 input, 9 output.
    public var type: UInt32
    /// Device address.
    public var address: UInt32
    /// Size in bytes.
    public var size: UInt32
    /// Required alignment.
    public var alignment: UInt32
    /// Page size.
    public var pageSize: UInt32

    /// The type's name (`POOL`, `AXI_SRAM`, …, `INPUT`, `OUTPUT`), or `TYPE_<n>`.
    public var typeName: String {
        let names = ["POOL", "AXI_SRAM", "VIP_SRAM", "CODE", "INIT_CODE", "COEF", "VSI_RESERVE", "INPUT", "OUTPUT"]
        return (1...9).contains(type) ? names[Int(type) - 1] : "TYPE_\(type)"
    }

    /// The record as JSON.
    public var json: JSONValue {
        var o = SyNAPJSON.ints([("address", address), ("size", size), ("alignment", alignment), ("page_size", pageSize)])
        o["type"] = .string(typeName)
        return .object(o)
    }
}

/// The header of an EBG ("executable binary graph", magic `EBGX`) NPU payload and its metadata block.
public struct EBGHeader: Sendable, Equatable {
    /// Size of the fixed header: magic and eight u32 fields.
    public static let headerSize = 36
    /// Metadata bytes before the records: hardware type, 64-byte name, six u32 fields.
    public static let metadataFixedSize = 4 + 64 + 6 * 4
    /// Size of one input/output/area record.
    public static let recordSize = 20

    /// Endianness field (0 little).
    public var endianness: UInt32
    /// Format version.
    public var version: UInt32
    /// 0 clear, 1 encrypted.
    public var securityType: UInt32
    /// Lengths of the blocks that follow the header, in order.
    public var securityInfoLength, metadataLength, vsiDataLength, paddingLength, codeLength: UInt32
    /// The metadata block, when the payload is clear and the block is present.
    public var metadata: EBGMetadata?
    /// The vsi_data block's first counters (init_realloc, code_realloc, layer, operation), when present.
    public var vsiCounts: [UInt32]?

    /// True when the payload is encrypted.
    public var isEncrypted: Bool { securityType != 0 }

    /// The SoC the payload was compiled for, with its marketing alias (`VS680/SL1680`), when known.
    public var soc: String? { metadata.flatMap { SyNAPTarget.longName(of: $0.hardwareType) } }

    /// Header plus all blocks: the size the payload should have.
    public var declaredSize: Int {
        [securityInfoLength, metadataLength, vsiDataLength, paddingLength, codeLength]
            .reduce(Self.headerSize) { $0 + Int($1) }
    }

    /// Parses the header at the reader's start; its range is the whole payload.
    public static func parse(_ payload: ByteReader) throws -> EBGHeader {
        var r = payload
        guard r.remaining >= headerSize else {
            throw r.error("ebg-truncated", expected: "a \(headerSize)-byte EBG header",
                          found: "\(r.remaining) bytes", at: r.offset)
        }
        let magic = try r.u32()
        guard magic == SyNAPMagic.ebg else {
            throw r.error("ebg-magic", expected: "magic EBGX", found: SyNAPMagic.describe(magic), at: r.range.lowerBound)
        }
        var f: [UInt32] = []
        for _ in 0..<8 { f.append(try r.u32()) }
        var header = EBGHeader(endianness: f[0], version: f[1], securityType: f[2], securityInfoLength: f[3],
                               metadataLength: f[4], vsiDataLength: f[5], paddingLength: f[6], codeLength: f[7])
        try r.skip(min(Int(header.securityInfoLength), r.remaining), what: "security info")
        guard !header.isEncrypted else { return header }
        let metadataStart = r.offset
        if header.metadataLength > 0 {
            guard Int(header.metadataLength) <= r.remaining else {
                throw r.error("ebg-metadata-truncated", expected: "a metadata block of \(header.metadataLength) bytes",
                              found: "\(r.remaining) bytes left", at: metadataStart)
            }
            header.metadata = try EBGMetadata.parse(try r.subReader(Int(header.metadataLength), what: "EBG metadata"))
        }
        if header.vsiDataLength >= 16, r.remaining >= 16 {
            header.vsiCounts = try (0..<4).map { _ in try r.u32() }
        }
        return header
    }

    /// The fields the `"ebg"` member of a subgraph shows.
    public var json: JSONObject {
        var o = JSONObject()
        o.append("version", .int(Int64(version)))
        o.append("security_type", .int(Int64(securityType)))
        guard let m = metadata else { return o }
        o.append("hardware_type", .int(Int64(m.hardwareType)))
        if let target = SyNAPTarget.name(of: m.hardwareType) { o.append("target", .string(target)) }
        o.append("network_name", .string(m.networkName))
        o.append("input_count", .int(Int64(m.inputCount)))
        o.append("output_count", .int(Int64(m.outputCount)))
        o.append("execution_mode", .int(Int64(m.executionMode)))
        return o
    }
}

/// The metadata block of an EBG payload.
public struct EBGMetadata: Sendable, Equatable {
    /// The NPU the payload was compiled for (see `SyNAPTarget`).
    public var hardwareType: UInt32
    /// The network name (NULs stripped).
    public var networkName: String
    /// Compiler id and version.
    public var compilerID, compilerVersion: UInt32
    /// 1 when compiled for profiling.
    public var executionMode: UInt32
    /// Record counts.
    public var inputCount, outputCount, memoryAreaCount: UInt32
    /// The input, output and memory-area records, in file order.
    public var records: [EBGRecord]

    static func parse(_ block: ByteReader) throws -> EBGMetadata {
        var r = block
        guard r.remaining >= EBGHeader.metadataFixedSize else {
            throw r.error("ebg-metadata-truncated", expected: "at least \(EBGHeader.metadataFixedSize) metadata bytes",
                          found: "\(r.remaining)", at: r.offset)
        }
        let hardware = try r.u32()
        let name = SyNAPMagic.fixedString(try r.buffer(try r.slice(64, what: "network name")))
        let f = try (0..<6).map { _ in try r.u32() }
        let count = Int(f[3]) + Int(f[4]) + Int(f[5])
        let (need, overflow) = count.multipliedReportingOverflow(by: EBGHeader.recordSize)
        guard !overflow, need <= r.remaining else {
            throw r.error("ebg-records-overflow", expected: "\(count) records of \(EBGHeader.recordSize) bytes in the metadata block",
                          found: "\(r.remaining) bytes", at: r.offset)
        }
        var records: [EBGRecord] = []
        records.reserveCapacity(count)
        for _ in 0..<count {
            records.append(EBGRecord(type: try r.u32(), address: try r.u32(), size: try r.u32(),
                                     alignment: try r.u32(), pageSize: try r.u32()))
        }
        return EBGMetadata(hardwareType: hardware, networkName: name, compilerID: f[0], compilerVersion: f[1],
                           executionMode: f[2], inputCount: f[3], outputCount: f[4], memoryAreaCount: f[5], records: records)
    }
}

extension EBGHeader: StringMapping {
    /// The network name mapped.
    public func mapStrings(_ transform: (String) -> String) -> EBGHeader {
        var c = self
        if let name = metadata?.networkName { c.metadata?.networkName = transform(name) }
        return c
    }
}
