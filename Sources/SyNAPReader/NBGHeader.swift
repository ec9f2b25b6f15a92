import ModelArtifact

/// The header of a legacy NBG (`VPMN`) NPU payload.
public struct NBGHeader: Sendable, Equatable {
    /// Bytes read: magic, version, target, 64-byte name, four counts.
    public static let size = 4 + 4 + 4 + 64 + 16
    /// Format version (a feature database follows when ≥ 0x00010003).
    public var version: UInt32
    /// The target the payload was compiled for.
    public var target: UInt32
    /// The network name (NULs stripped).
    public var networkName: String
    /// Counts.
    public var layerCount, operationCount, inputCount, outputCount: UInt32

    /// Parses the header at the reader's start.
    public static func parse(_ payload: ByteReader) throws -> NBGHeader {
        var r = payload
        guard r.remaining >= size else {
            throw r.error("nbg-truncated", expected: "a \(size)-byte NBG header", found: "\(r.remaining) bytes", at: r.offset)
        }
        let magic = try r.u32()
        guard magic == SyNAPMagic.nbg else {
            throw r.error("nbg-magic", expected: "magic VPMN", found: SyNAPMagic.describe(magic), at: r.range.lowerBound)
        }
        let version = try r.u32()
        let target = try r.u32()
        let name = SyNAPMagic.fixedString(try r.buffer(try r.slice(64, what: "network name")))
        let c = try (0..<4).map { _ in try r.u32() }
        return NBGHeader(version: version, target: target, networkName: name,
                         layerCount: c[0], operationCount: c[1], inputCount: c[2], outputCount: c[3])
    }

    /// The fields the `"nbg"` member of a subgraph shows.
    public var json: JSONObject {
        var o = SyNAPJSON.ints([("version", version), ("target", target)])
        o.append("network_name", .string(networkName))
        for (k, v) in [("layer_count", layerCount), ("operation_count", operationCount),
                       ("input_count", inputCount), ("output_count", outputCount)] {
            o.append(k, .int(Int64(v)))
        }
        return o
    }
}

extension NBGHeader: StringMapping {
    /// The network name mapped.
    public func mapStrings(_ transform: (String) -> String) -> NBGHeader {
        var c = self
        c.networkName = transform(networkName)
        return c
    }
}

/// Magic numbers and small byte helpers shared by the payload parsers.
public enum SyNAPMagic {
    /// `EBGX` read as a little-endian u32.
    public static let ebg: UInt32 = 0x5847_4245
    /// `VPMN` read as a little-endian u32.
    public static let nbg: UInt32 = 0x4E4D_5056

    /// Four magic bytes as text when printable, else hex.
    static func describe(_ magic: UInt32) -> String {
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: magic >> (8 * $0)) }
        if bytes.allSatisfy({ (0x20...0x7e).contains($0) }) { return "'" + String(decoding: bytes, as: UTF8.self) + "'" }
        return "0x" + String(magic, radix: 16)
    }

    /// A fixed-size, NUL-padded name field as text (up to the first NUL, invalid UTF-8 repaired).
    static func fixedString(_ raw: UnsafeRawBufferPointer) -> String {
        let end = raw.firstIndex(of: 0) ?? raw.count
        return String(decoding: raw[0..<end], as: UTF8.self)
    }
}

/// Synaptics NPU hardware types and the SoCs they name.
public enum SyNAPTarget {
    /// The SoC of an EBG hardware type, or nil when unknown.
    public static func name(of hardwareType: UInt32) -> String? {
        switch hardwareType {
        case 0x80: return "AS370"
        case 0xA3: return "VS680Z1"
        case 0xC1: return "VS680"
        case 0xC2: return "VS640"
        default: return nil
        }
    }

    /// The SoC with its marketing alias, for people (`VS680/SL1680`).
    public static func longName(of hardwareType: UInt32) -> String? {
        switch hardwareType {
        case 0x80: return "AS370/AS371"
        case 0xC1: return "VS680/SL1680"
        case 0xC2: return "VS640/SL1640"
        default: return name(of: hardwareType)
        }
    }
}
