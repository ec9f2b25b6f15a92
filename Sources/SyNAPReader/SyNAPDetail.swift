import ModelArtifact
import ZipContainer

/// The report's `synap_detail` member: what people and tools want beyond the reference's `synap`
/// section (entry storage, wiring as written, EBG blocks and memory areas, tensor quantization,
/// embedded model reports).
public struct SyNAPDetail: ReportSection {
    public static let key = "synap_detail"

    /// A bundle's entries and how each is stored (nil for a standalone payload).
    public var entries: [Entry]?
    /// A bundle's outputs as bundle.json wires them (nil for a standalone payload).
    public var outputs: [SyNAPWire]?
    /// bundle.json's `parallel_limit`, when given.
    public var parallelLimit: Int64?
    /// Per subgraph, in the `synap` section's order.
    public var subgraphs: [Subgraph]

    /// How an entry of the bundle is stored.
    public struct Entry: Sendable, Equatable {
        public var name: String
        /// The compression method's name (`stored`, `deflate`…).
        public var method: String
        /// Where its data starts, its size in the bundle, and its size.
        public var offset: Int, compressedSize: Int, size: Int
    }

    /// What a subgraph holds beyond its `synap` entry.
    public struct Subgraph: Sendable {
        /// Where each input comes from, as bundle.json wires it (nil for a standalone payload).
        public var inputs: [SyNAPWire]?
        /// The meta's `delegate` text as written (a bundle's subgraphs only).
        public var delegateText: String?
        /// The meta's tensors, when there is a meta.
        public var tensors: (inputs: [SyNAPTensorDetail], outputs: [SyNAPTensorDetail])?
        /// How the model entry is stored, when the bundle has it.
        public var modelEntry: Entry?
        /// The EBG payload's header, blocks and records.
        public var ebg: EBGHeader?
        /// The embedded TFLite or ONNX model's report, its findings moved to the bundle's.
        public var embedded: ModelReport?

        /// An empty detail.
        public init() {}
    }

    public var json: JSONValue {
        var o = JSONObject()
        if let entries { o.append("entries", .array(entries.map(\.json))) }
        if let outputs { o.append("outputs", .array(outputs.map(\.json))) }
        if let parallelLimit { o.append("parallel_limit", .int(parallelLimit)) }
        o.append("subgraphs", .array(subgraphs.map(\.json)))
        return .object(o)
    }

    public func mapStrings(_ transform: (String) -> String) -> SyNAPDetail {
        var c = self
        c.entries = entries?.map { $0.mapStrings(transform) }
        c.subgraphs = subgraphs.map { sub in
            var s = sub
            s.delegateText = sub.delegateText.mapStrings(transform)
            s.tensors = sub.tensors.map { (inputs: $0.inputs.mapStrings(transform), outputs: $0.outputs.mapStrings(transform)) }
            s.modelEntry = sub.modelEntry?.mapStrings(transform)
            s.ebg = sub.ebg.mapStrings(transform)
            s.embedded = sub.embedded.mapStrings(transform)
            return s
        }
        return c
    }
}

extension SyNAPDetail.Entry {
    /// How `entry` is stored.
    init(_ entry: ZipEntry) {
        self.init(name: entry.name, method: entry.method.description, offset: entry.dataOffset,
                  compressedSize: entry.compressedSize, size: entry.uncompressedSize)
    }

    var json: JSONValue {
        SyNAPJSON.object([("name", .string(name)), ("method", .string(method)), ("offset", .int(Int64(offset))),
                          ("compressed_size", .int(Int64(compressedSize))), ("size", .int(Int64(size)))])
    }

    func mapStrings(_ transform: (String) -> String) -> SyNAPDetail.Entry {
        var c = self
        c.name = transform(name)
        c.method = transform(method)
        return c
    }
}

extension SyNAPDetail.Subgraph {
    var json: JSONValue {
        var o = JSONObject()
        if let inputs { o.append("inputs", .array(inputs.map(\.json))) }
        if let delegateText { o.append("delegate_text", .string(delegateText)) }
        if let tensors {
            o.append("tensors", SyNAPJSON.object([("inputs", .array(tensors.inputs.map(\.json))),
                                                  ("outputs", .array(tensors.outputs.map(\.json)))]))
        }
        if let modelEntry { o.append("model_entry", modelEntry.json) }
        if let ebg { o.append("ebg", Self.json(ebg)) }
        if let embedded, case .object(var e) = embedded.json {
            // The embedded model's own report, but what the bundle's report says already.
            e["schema"] = nil
            e["path"] = nil
            e["findings"] = nil
            o.append("embedded", .object(e))
        }
        return .object(o)
    }

    /// The EBG blocks, memory areas and vsi counters.
    static func json(_ ebg: EBGHeader) -> JSONValue {
        var o = JSONObject()
        o.append("endianness", .int(Int64(ebg.endianness)))
        o.append("blocks", .object(SyNAPJSON.ints([
            ("security_info", ebg.securityInfoLength), ("metadata", ebg.metadataLength),
            ("vsi_data", ebg.vsiDataLength), ("padding", ebg.paddingLength), ("code", ebg.codeLength),
        ])))
        if let m = ebg.metadata {
            if let soc = ebg.soc { o.append("soc", .string(soc)) }
            o.append("compiler_id", .int(Int64(m.compilerID)))
            o.append("compiler_version", .int(Int64(m.compilerVersion)))
            o.append("profiling", .bool(m.executionMode == 1))
            o.append("memory_area_count", .int(Int64(m.memoryAreaCount)))
            o.append("records", .array(m.records.map(\.json)))
        }
        if let v = ebg.vsiCounts {
            o.append("vsi", .object(SyNAPJSON.ints([("init_realloc_count", v[0]), ("code_realloc_count", v[1]),
                                                    ("layer_count", v[2]), ("operation_count", v[3])])))
        }
        return .object(o)
    }
}

extension SyNAPWire {
    /// The wire `{"subgraph": n, "out": k}` as written.
    var json: JSONValue {
        var o = JSONObject()
        o.append("subgraph", .int(Int64(subgraph)))
        o.append(key, .int(Int64(index)))
        return .object(o)
    }
}

/// Small builders that keep JSON literals cheap to type-check.
enum SyNAPJSON {
    /// An object of members in the given order.
    static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        var o = JSONObject()
        for (k, v) in members { o.append(k, v) }
        return .object(o)
    }

    /// An object of integer members in the given order.
    static func ints(_ members: [(String, UInt32)]) -> JSONObject {
        var o = JSONObject()
        for (k, v) in members { o.append(k, .int(Int64(v))) }
        return o
    }
}
