import ModelArtifact

/// A subgraph's meta JSON (`N/model.json`, `N/subgraph_K.json`): its tensors, delegate and secure flag.
public struct SyNAPMeta: Sendable {
    /// Inputs, in the meta's key order.
    public var inputs: [ValueInfo]
    /// Outputs, in the meta's key order.
    public var outputs: [ValueInfo]
    /// Per tensor, what the graph view leaves out: key, layout, quantizer, quantize, data format, security.
    public var inputDetails: [SyNAPTensorDetail], outputDetails: [SyNAPTensorDetail]
    /// The delegate: the first word of `"delegate"`, `npu` when absent.
    public var delegate: String
    /// The `"delegate"` text as written, if any.
    public var delegateText: String?
    /// The `"secure"` flag (false when absent).
    public var secure: Bool
    /// Dtype names that could not be mapped (`input_0: "complex9"`).
    public var unknownDTypes: [String]

    /// Tensors per direction at most (a hostile meta cannot make the report unbounded).
    public static let maxTensors = 4096

    /// Parses a meta JSON document already read as `value`; `reader` locates errors.
    public static func parse(_ value: JSONValue, reader: ByteReader) throws -> SyNAPMeta {
        guard case .object(let top) = value else {
            throw reader.error("synap-meta-not-object", expected: "a JSON object in the meta file", found: value.typeName)
        }
        var meta = SyNAPMeta(inputs: [], outputs: [], inputDetails: [], outputDetails: [], delegate: "npu",
                             delegateText: nil, secure: false, unknownDTypes: [])
        if let text = top["delegate"]?.stringValue {
            meta.delegateText = text
            if let word = text.split(separator: " ").first { meta.delegate = String(word) }
        }
        if case .bool(let secure)? = top["secure"] { meta.secure = secure }
        (meta.inputs, meta.inputDetails) = try tensors(top["Inputs"], "Inputs", reader: reader, unknown: &meta.unknownDTypes)
        (meta.outputs, meta.outputDetails) = try tensors(top["Outputs"], "Outputs", reader: reader, unknown: &meta.unknownDTypes)
        return meta
    }

    private static func tensors(_ value: JSONValue?, _ member: String, reader: ByteReader,
                                unknown: inout [String]) throws -> ([ValueInfo], [SyNAPTensorDetail]) {
        guard let value else { return ([], []) }
        guard case .object(let table) = value else {
            throw reader.error("synap-meta-tensors", expected: "\"\(member)\" as an object keyed by tensor id",
                               found: value.typeName)
        }
        guard table.count <= maxTensors else {
            throw reader.error("synap-meta-too-many", expected: "at most \(maxTensors) \(member)", found: "\(table.count)")
        }
        var infos: [ValueInfo] = []
        var details: [SyNAPTensorDetail] = []
        for (key, entry) in table {
            let o = entry.objectValue ?? [:]
            let name = o["name"]?.stringValue ?? key
            let shape: [Dimension]? = o["shape"]?.arrayValue.map { dims in
                dims.map { d in d.intValue.map(Dimension.size) ?? d.stringValue.map(Dimension.symbolic) ?? .unknown }
            }
            let dtypeName = SyNAPDType.effectiveName(dtype: o["dtype"]?.stringValue,
                                                     qtype: o["quantize"]?.objectValue?["qtype"]?.stringValue)
            let dtype = dtypeName.flatMap(SyNAPDType.dtype(named:))
            if let dtypeName, dtype == nil { unknown.append("\(key): \"\(dtypeName)\"") }
            infos.append(ValueInfo(name: name, dtype: dtype, shape: shape))
            details.append(SyNAPTensorDetail(key: key, name: name, layout: o["format"], dtype: o["dtype"], quantizer: o["quantizer"],
                                             quantize: o["quantize"], dataFormat: o["data_format"], security: o["security"],
                                             scale: o["scale"], mean: o["mean"]))
        }
        return (infos, details)
    }
}

/// One tensor of a meta file: its id and name, and what the graph view leaves out, each member
/// as the meta writes it (values are the meta's own JSON).
public struct SyNAPTensorDetail: Sendable, Equatable, StringMapping {
    /// The meta's key for the tensor, and its name (the key when it names none).
    public var key: String, name: String
    /// `format` (the layout: `nhwc`, `nchw`…), `dtype`, `quantizer`, `quantize` (`qtype`, `scale`,
    /// `zero_point`, `fl`…), `data_format`, `security`, `scale`, `mean`, when written.
    public var layout: JSONValue?, dtype: JSONValue?, quantizer: JSONValue?, quantize: JSONValue?,
               dataFormat: JSONValue?, security: JSONValue?, scale: JSONValue?, mean: JSONValue?

    /// The detail as the report's JSON object.
    public var json: JSONValue {
        var d = JSONObject()
        d.append("key", .string(key))
        d.append("name", .string(name))
        for (member, value) in [("layout", layout), ("dtype", dtype), ("quantizer", quantizer), ("quantize", quantize),
                                ("data_format", dataFormat), ("security", security), ("scale", scale), ("mean", mean)] {
            if let value { d.append(member, value) }
        }
        return .object(d)
    }

    public func mapStrings(_ transform: (String) -> String) -> SyNAPTensorDetail {
        SyNAPTensorDetail(key: transform(key), name: transform(name), layout: layout.mapStrings(transform),
                          dtype: dtype.mapStrings(transform), quantizer: quantizer.mapStrings(transform),
                          quantize: quantize.mapStrings(transform), dataFormat: dataFormat.mapStrings(transform),
                          security: security.mapStrings(transform), scale: scale.mapStrings(transform),
                          mean: mean.mapStrings(transform))
    }
}

/// SyNAP's dtype names and the rule that picks a tensor's dtype.
public enum SyNAPDType {
    /// The meta's `dtype`, replaced by `quantize.qtype` unless the dtype is float32 (as the runtime reads it).
    public static func effectiveName(dtype: String?, qtype: String?) -> String? {
        if let dtype, dtype == "float32" || dtype == "f32" { return dtype }
        return qtype ?? dtype
    }

    /// The report dtype of a SyNAP dtype name (`uint8`, `u8`, `int16`, `float32`…), or nil.
    public static func dtype(named name: String) -> DType? {
        switch name.lowercased() {
        case "u8", "uint8", "byte": return .u8
        case "i8", "int8": return .i8
        case "u16", "uint16": return .u16
        case "i16", "int16": return .i16
        case "u32", "uint32": return .u32
        case "i32", "int32": return .i32
        case "u64", "uint64": return .u64
        case "i64", "int64": return .i64
        case "f16", "float16": return .f16
        case "bf16", "bfloat16": return .bf16
        case "f32", "float32", "float": return .f32
        case "f64", "float64", "double": return .f64
        case "bool": return .bool
        default: return nil
        }
    }
}
