/// What the reader keeps of an ONNX `ModelProto`: the structure, names and byte ranges, never the
/// weights. Optional members record protobuf presence (onnx's checker tells "missing" from "empty").
struct ONNXModel {
    var irVersion: Int64?
    var producerName = ""
    var producerVersion = ""
    var domain = ""
    var modelVersion: Int64?
    var docString: String?
    var opsets: [ONNXOpset] = []
    var graph: ONNXGraph?
    var metadata: [ONNXEntry] = []
    var trainingInfo: [ONNXTrainingInfo] = []
    var functions: [ONNXFunction] = []
}

/// One `OperatorSetIdProto`.
struct ONNXOpset {
    var domain = ""
    var version: Int64 = 0
}

/// One `StringStringEntryProto`, with presence of its key and value.
struct ONNXEntry {
    var key: String?
    var value: String?
    var offset: Int
}

/// A `GraphProto`.
struct ONNXGraph {
    var name = ""
    var docString: String?
    var nodes: [ONNXNode] = []
    var initializers: [ONNXTensor] = []
    var sparseInitializers: [ONNXSparseTensor] = []
    var inputs: [ONNXValueInfo] = []
    var outputs: [ONNXValueInfo] = []
    var valueInfoCount = 0
    /// Absolute offset of the graph's first byte.
    var offset: Int
}

/// A `NodeProto`.
struct ONNXNode {
    var inputs: [String] = []
    var outputs: [String] = []
    var name = ""
    var opType = ""
    var domain = ""
    var attributes: [ONNXAttribute] = []
    var offset: Int

    /// The operator as the report's histogram names it: `op_type`, prefixed by `domain:` outside the default domain.
    var qualifiedOp: String { domain.isEmpty ? opType : domain + ":" + opType }
}

/// An `AttributeProto`: what the checker needs, and the graphs and tensors it holds.
struct ONNXAttribute {
    var name = ""
    var type: Int64?
    var refAttrName: String?
    /// The value fields present (singular ones seen, repeated ones non-empty), in field order.
    var valueFields: Set<Int> = []
    var tensor: ONNXTensor?
    var sparseTensor: ONNXSparseTensor?
    var graph: ONNXGraph?
    var tensors: [ONNXTensor] = []
    var sparseTensors: [ONNXSparseTensor] = []
    var graphs: [ONNXGraph] = []
    var offset: Int
}

/// Where one typed value field of a tensor lies.
struct ONNXDataField {
    /// Values held (bytes for `raw_data`).
    var entries = 0
    /// How many times the field occurs.
    var occurrences = 0
    /// The payload's range when the field occurs once.
    var range: Range<Int>?
}

/// A `TensorProto`: its description and where its data is, never the data.
struct ONNXTensor {
    var name: String?
    var dims: [Int64] = []
    var dataType: Int64?
    var fields: [ONNXSchema.Tensor: ONNXDataField] = [:]
    var externalData: [ONNXEntry] = []
    var dataLocation: Int64?
    var offset: Int

    /// The name, or `""` when absent.
    var displayName: String { name ?? "" }
    /// The known data type, nil when absent or not one ONNX defines.
    var knownType: ONNXDataType? { dataType.flatMap(ONNXDataType.init(code:)) }
    /// True when `data_location` says `EXTERNAL`.
    var isExternal: Bool { dataLocation == ONNXSchema.dataLocationExternal }
    /// The value fields that hold data, in the order onnx's checker counts them.
    var filledFields: [ONNXSchema.Tensor] {
        ONNXSchema.Tensor.valueFields.filter { (fields[$0]?.entries ?? 0) > 0 }
    }
    /// The element count when every dimension is known and non-negative; nil otherwise or on overflow.
    var elementCount: Int? {
        var count = 1
        for dim in dims {
            guard dim >= 0, let k = Int(exactly: dim) else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: k)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }
    /// The value of external-data key `key`, the last one given.
    func external(_ key: ONNXSchema.ExternalDataKey) -> String? {
        externalData.last { $0.key == key.rawValue }?.value
    }
}

/// A `SparseTensorProto`.
struct ONNXSparseTensor {
    var values: ONNXTensor?
    var indices: ONNXTensor?
    var dims: [Int64] = []
    var offset: Int
}

/// A `ValueInfoProto`.
struct ONNXValueInfo {
    var name = ""
    var type: ONNXType?
    var offset: Int
}

/// One dimension of a `TensorShapeProto`.
enum ONNXDim {
    case value(Int64)
    case param(String)
    case unknown
}

/// A `TypeProto`, by the case of its `value` oneof; optional members record presence.
indirect enum ONNXType {
    case tensor(elemType: Int64?, shape: [ONNXDim]?)
    case sparseTensor(elemType: Int64?, shape: [ONNXDim]?)
    case sequence(ONNXType?)
    case map(keyType: Int64?, value: ONNXType?)
    case optional(ONNXType?)
    case opaque(domain: String, name: String)
    /// No case of the oneof set.
    case unset
}

/// A `FunctionProto`.
struct ONNXFunction {
    var name = ""
    var domain: String?
    var inputs: [String] = []
    var outputs: [String] = []
    var attributes: [String] = []
    var nodes: [ONNXNode] = []
    var opsets: [ONNXOpset] = []
    var offset: Int
}

/// A `TrainingInfoProto`.
struct ONNXTrainingInfo {
    var initialization: ONNXGraph?
    var algorithm: ONNXGraph?
    var bindings = 0
    var offset: Int
}
