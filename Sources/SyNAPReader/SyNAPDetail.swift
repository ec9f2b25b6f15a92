import ModelArtifact
import ZipContainer

/// Builds the `synap_detail` member: what people and tools want beyond the reference's `synap` section
/// (wiring, entry storage, EBG blocks, memory areas, tensor quantization, embedded model reports).
enum SyNAPDetail {
    /// The EBG blocks, memory areas and vsi counters.
    static func ebg(_ ebg: EBGHeader) -> JSONValue {
        var o = JSONObject()
        o.append("endianness", .int(Int64(ebg.endianness)))
        o.append("blocks", .object(SyNAPJSON.ints([
            ("security_info", ebg.securityInfoLength), ("metadata", ebg.metadataLength),
            ("vsi_data", ebg.vsiDataLength), ("padding", ebg.paddingLength), ("code", ebg.codeLength),
        ])))
        if let m = ebg.metadata {
            if let soc = SyNAPTarget.longName(of: m.hardwareType) { o.append("soc", .string(soc)) }
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

    /// A wiring reference `{"subgraph": n, "out": k}` as written.
    static func wire(_ w: SyNAPWire) -> JSONValue {
        var o = JSONObject()
        o.append("subgraph", .int(Int64(w.subgraph)))
        o.append(w.key, .int(Int64(w.index)))
        return .object(o)
    }

    /// How an entry is stored.
    static func entry(_ e: ZipEntry) -> JSONValue {
        SyNAPJSON.object([("name", .string(e.name)), ("method", .string(e.method.description)),
                          ("offset", .int(Int64(e.dataOffset))), ("compressed_size", .int(Int64(e.compressedSize))),
                          ("size", .int(Int64(e.uncompressedSize)))])
    }

    /// The meta's tensors with their quantization.
    static func tensors(_ meta: SyNAPMeta) -> JSONValue {
        SyNAPJSON.object([("inputs", .array(meta.inputDetails.map(JSONValue.object))),
                          ("outputs", .array(meta.outputDetails.map(JSONValue.object)))])
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
