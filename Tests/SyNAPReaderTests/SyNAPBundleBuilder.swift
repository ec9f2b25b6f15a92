import ModelArtifact
import TestSupport

/// Builds SyNAP bundles and EBG payloads byte by byte for the tests: bundles as `TestZip`s (stored
/// or deflated entries), and an EBG writer.
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
        var zip = TestZip()
        for e in entries { zip.add(e.name, e.data, method: e.deflated ? 8 : 0) }
        return zip.bytes
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

    static func put(_ out: inout [UInt8], _ value: some FixedWidthInteger, _ width: Int) {
        for i in 0..<width { out.append(UInt8(truncatingIfNeeded: UInt64(value) >> (8 * UInt64(i)))) }
    }
}
