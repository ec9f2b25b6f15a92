import ModelArtifact

/// Readable names of ONNX value types, as onnxruntime prints them: `tensor(float)`,
/// `seq(tensor(float))`, `map(int64,tensor(float))`, `optional(…)`, `sparse_tensor(float)`.
extension ONNXType {
    /// The type in words.
    var text: String {
        switch self {
        case .tensor(let elem, _): return "tensor(\(Self.elementName(elem)))"
        case .sparseTensor(let elem, _): return "sparse_tensor(\(Self.elementName(elem)))"
        case .sequence(let elem): return "seq(\(elem?.text ?? "undefined"))"
        case .optional(let elem): return "optional(\(elem?.text ?? "undefined"))"
        case .map(let key, let value): return "map(\(Self.elementName(key)),\(value?.text ?? "undefined"))"
        case .opaque(let domain, let name): return "opaque(\(domain.isEmpty ? name : domain + "." + name))"
        case .unset: return "undefined"
        }
    }

    /// The `TypeProto` oneof case's name (`tensor_type`, `sequence_type`…), `none` when unset.
    var caseName: String {
        switch self {
        case .tensor: return ONNXSchema.TypeCase.tensorType.protoName
        case .sparseTensor: return ONNXSchema.TypeCase.sparseTensorType.protoName
        case .sequence: return ONNXSchema.TypeCase.sequenceType.protoName
        case .optional: return ONNXSchema.TypeCase.optionalType.protoName
        case .map: return ONNXSchema.TypeCase.mapType.protoName
        case .opaque: return ONNXSchema.TypeCase.opaqueType.protoName
        case .unset: return "none"
        }
    }

    /// The report's value: dtype and shape for a plain tensor (each nil when unknown); nil and nil
    /// for every other kind of value.
    var dtypeAndShape: (DType?, [Dimension]?) {
        guard case .tensor(let elem, let shape) = self else { return (nil, nil) }
        let dtype = elem.flatMap(ONNXDataType.init(code:))?.dtype
        return (dtype, shape.map { $0.map(\.dimension) })
    }

    private static func elementName(_ code: Int64?) -> String {
        guard let code else { return "undefined" }
        return ONNXDataType(code: code)?.typeName ?? "unknown(\(code))"
    }
}

extension ONNXDim {
    /// The report's dimension: a size, a symbolic name, or unknown.
    var dimension: Dimension {
        switch self {
        case .value(let n): return .size(n)
        case .param(let name): return .symbolic(name)
        case .unknown: return .unknown
        }
    }
}
