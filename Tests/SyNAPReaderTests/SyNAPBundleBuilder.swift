import ModelArtifact

/// Builds SyNAP bundles and EBG payloads byte by byte for the tests: a small ZIP writer (stored
/// entries, or "deflated" as stored deflate blocks so no zlib is needed) and an EBG writer.
struct BundleEntry {
    var name: String
    var data: [UInt8]
    var deflated = false

    init(_ name: String, _ data: [UInt8], deflated: Bool = false) {
        self.name = name
        self.data = data
        self.deflated = deflated
    }

    init(_ name: String, _ text: String, deflated: Bool = false) {
        self.init(name, Array(text.utf8), deflated: deflated)
    }
}

enum BundleBuilder {
    /// A ZIP archive of `entries` in the given order.
    static func zip(_ entries: [BundleEntry]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for e in entries {
            let body = e.deflated ? storedDeflate(e.data) : e.data
            let crc = crc32(e.data)
            let offset = out.count
            let name = Array(e.name.utf8)
            let method: UInt16 = e.deflated ? 8 : 0
            put(&out, UInt32(0x0403_4b50), 4); put(&out, UInt16(20), 2); put(&out, UInt16(0x0800), 2)
            put(&out, method, 2); put(&out, UInt32(0), 4); put(&out, crc, 4)
            put(&out, UInt32(body.count), 4); put(&out, UInt32(e.data.count), 4)
            put(&out, UInt16(name.count), 2); put(&out, UInt16(0), 2)
            out += name + body
            put(&central, UInt32(0x0201_4b50), 4); put(&central, UInt16(0x031E), 2); put(&central, UInt16(20), 2)
            put(&central, UInt16(0x0800), 2); put(&central, method, 2); put(&central, UInt32(0), 4); put(&central, crc, 4)
            put(&central, UInt32(body.count), 4); put(&central, UInt32(e.data.count), 4)
            put(&central, UInt16(name.count), 2); put(&central, UInt32(0), 4); put(&central, UInt16(0), 2)
            put(&central, UInt16(0), 2); put(&central, UInt32(0o100644 << 16), 4); put(&central, UInt32(offset), 4)
            central += name
        }
        let directoryOffset = out.count
        out += central
        put(&out, UInt32(0x0605_4b50), 4); put(&out, UInt32(0), 4)
        put(&out, UInt16(entries.count), 2); put(&out, UInt16(entries.count), 2)
        put(&out, UInt32(central.count), 4); put(&out, UInt32(directoryOffset), 4); put(&out, UInt16(0), 2)
        return out
    }

    /// An EBG payload: header, metadata with the given records, a vsi block, and `code` bytes.
    static func ebg(hardware: UInt32 = 0xC1, name: String = "_NHWC", securityType: UInt32 = 0, executionMode: UInt32 = 0,
                    inputs: Int = 1, outputs: Int = 1, areas: Int = 2, code: Int = 64,
                    lengthFix: (inout [UInt32]) -> Void = { _ in }) -> [UInt8] {
        var meta: [UInt8] = []
        put(&meta, hardware, 4)
        var nameBytes = Array(name.utf8.prefix(64))
        nameBytes += [UInt8](repeating: 0, count: 64 - nameBytes.count)
        meta += nameBytes
        for v in [0, 0, executionMode, UInt32(inputs), UInt32(outputs), UInt32(areas)] { put(&meta, v, 4) }
        let types: [UInt32] = Array(repeating: 8, count: inputs) + Array(repeating: 9, count: outputs)
            + (0..<areas).map { UInt32($0 % 7 + 1) }
        for t in types { for v in [t, 0x0400_0000, 4096, 64, 4096] as [UInt32] { put(&meta, v, 4) } }
        var vsi: [UInt8] = []
        for v in [2, 3, 4, 5] as [UInt32] { put(&vsi, v, 4) }
        var lengths: [UInt32] = [0, UInt32(meta.count), UInt32(vsi.count), 0, UInt32(code)]
        lengthFix(&lengths)
        var out = Array("EBGX".utf8)
        for v in [0, 1, securityType] + lengths { put(&out, v, 4) }
        return out + meta + vsi + [UInt8](repeating: 0xAB, count: code)
    }

    /// An NBG payload header.
    static func nbg(inputs: UInt32 = 1, outputs: UInt32 = 1) -> [UInt8] {
        var out = Array("VPMN".utf8)
        put(&out, UInt32(0x0001_0002), 4); put(&out, UInt32(7), 4)
        out += Array("legacy".utf8) + [UInt8](repeating: 0, count: 58)
        for v in [3, 4, inputs, outputs] as [UInt32] { put(&out, v, 4) }
        return out + [UInt8](repeating: 0, count: 32)
    }

    /// A meta JSON with `inputs` and `outputs` u8 tensors.
    static func meta(inputs: Int = 1, outputs: Int = 1, delegate: String? = nil, dtype: String? = nil,
                     qtype: String = "u8", secure: Bool = false) -> String {
        func tensor(_ name: String) -> String {
            let d = dtype.map { "\"dtype\": \"\($0)\", " } ?? ""
            return "\"\(name)\": {\"name\": \"\(name)\", \"shape\": [1, 4], \"format\": \"nhwc\", \(d)"
                + "\"quantizer\": \"asymmetric_affine\", \"quantize\": {\"qtype\": \"\(qtype)\", \"scale\": 0.5, \"zero_point\": 3}}"
        }
        let ins = (0..<inputs).map { tensor("in\($0)") }.joined(separator: ", ")
        let outs = (0..<outputs).map { tensor("out\($0)") }.joined(separator: ", ")
        let del = delegate.map { ", \"delegate\": \"\($0)\"" } ?? ""
        return "{\"Inputs\": {\(ins)}, \"Outputs\": {\(outs)}, \"secure\": \(secure)\(del)}"
    }

    /// A bundle.json for subgraphs given as (model, meta, input wires), wiring the bundle outputs given.
    static func bundleJSON(_ graphs: [(model: String, meta: String, inputs: [(Int, Int)])], outputs: [(Int, Int)]) -> String {
        func wires(_ list: [(Int, Int)]) -> String {
            "[" + list.map { "{\"subgraph\": \($0.0), \"out\": \($0.1)}" }.joined(separator: ", ") + "]"
        }
        let g = graphs.map { "{\"model\": \"\($0.model)\", \"meta\": \"\($0.meta)\", \"inputs\": \(wires($0.inputs))}" }
        return "{\"graph\": [\(g.joined(separator: ", "))], \"outputs\": \(wires(outputs))}"
    }

    /// The usual one-subgraph NPU bundle.
    static func npuBundle(ebg: [UInt8] = ebg(), meta: String = meta(), deflated: Bool = false) -> [UInt8] {
        zip([
            BundleEntry("bundle.json", bundleJSON([("0/model.nb", "0/model.json", [(-1, 0)])], outputs: [(0, 0)])),
            BundleEntry("0/model.nb", ebg, deflated: deflated),
            BundleEntry("0/model.json", meta, deflated: deflated),
        ])
    }

    /// Deflate's stored blocks: a valid deflate stream that does not compress.
    static func storedDeflate(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        repeat {
            let n = min(65535, data.count - start)
            let last = start + n >= data.count
            out.append(last ? 1 : 0)
            put(&out, UInt16(n), 2); put(&out, ~UInt16(n), 2)
            out += data[start..<(start + n)]
            start += n
        } while start < data.count
        return out
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    static func put(_ out: inout [UInt8], _ value: some FixedWidthInteger, _ width: Int) {
        for i in 0..<width { out.append(UInt8(truncatingIfNeeded: UInt64(value) >> (8 * UInt64(i)))) }
    }
}
