import ModelArtifact

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
    /// The node fields, read again node by node when needed (a graph may hold millions).
    var nodes = ONNXNodes.none
    var initializers: [ONNXTensor] = []
    var sparseInitializers: [ONNXSparseTensor] = []
    var inputs: [ONNXValueInfo] = []
    var outputs: [ONNXValueInfo] = []
    var valueInfoCount = 0
    /// Absolute offset of the graph's first byte.
    var offset: Int
}

/// A string field as it lies in the file: its payload's range, decoded only when a message needs it.
/// Names compare byte for byte, as onnx's checker compares them.
struct ONNXName: Equatable {
    var start: Int
    var count: Int

    static let empty = ONNXName(start: 0, count: 0)

    init(start: Int, count: Int) {
        self.start = start
        self.count = count
    }

    /// The name whose bytes are `range`.
    init(_ range: Range<Int>) {
        self.init(start: range.lowerBound, count: range.count)
    }

    var isEmpty: Bool { count == 0 }

    /// The bytes of the name in `file`.
    func bytes(in file: MappedFile) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[start..<start + count])
    }

    /// The name as text (invalid UTF-8 replaced, as `ProtoReader.string` does).
    func text(in file: MappedFile) -> String {
        String(decoding: bytes(in: file), as: UTF8.self)
    }
}

/// The `NodeProto` fields of a graph or function: how many there are, and the message to read
/// them from again, one at a time, so that no array of nodes is ever held.
struct ONNXNodes {
    /// The message holding the nodes (nil: none).
    var message: ProtoReader?
    /// The field number of its nodes.
    var field = 0
    var count = 0
    /// Outputs with a name in all the nodes, when they were validated (0 when only counted).
    var outputs = 0

    static let none = ONNXNodes()

    /// Reads the nodes again, in file order, one at a time into one scratch node.
    func makeReader() -> Reader { Reader(message: message, field: field) }

    /// The cursor over a graph's (or function's) nodes: `next()` reads the next node into `node`.
    /// Graphs in its attributes are read without their nodes (`ONNXNodes` again).
    struct Reader {
        private var message: ProtoReader?
        private let field: Int
        /// The node read last.
        private(set) var node = ONNXNode(offset: 0)

        init(message: ProtoReader?, field: Int) {
            self.message = message
            self.field = field
        }

        /// Reads the next node into `node`; false at the end.
        mutating func next() throws -> Bool {
            guard var reader = message else { return false }
            defer { message = reader }
            while let field = try reader.next() {
                guard field.number == self.field else { continue }
                try ONNXParser.node(reader.message(field, what: "node"), into: &node, nested: .deferred)
                return true
            }
            return false
        }
    }
}

/// A `NodeProto`.
struct ONNXNode {
    var inputs: [ONNXName] = []
    var outputs: [ONNXName] = []
    var name = ONNXName.empty
    var opType = ONNXName.empty
    var domain = ONNXName.empty
    var attributes: [ONNXAttribute] = []
    var offset: Int

    /// True when `opType` and `domain` are this node's, byte for byte.
    func hasOp(_ opType: ONNXName, _ domain: ONNXName, in file: MappedFile) -> Bool {
        self.opType.bytes(in: file).elementsEqual(opType.bytes(in: file))
            && self.domain.bytes(in: file).elementsEqual(domain.bytes(in: file))
    }

    /// The operator as the report's histogram names it: `op_type`, prefixed by `domain:` outside the default domain.
    func qualifiedOp(in file: MappedFile) -> String {
        domain.isEmpty ? opType.text(in: file) : domain.text(in: file) + ":" + opType.text(in: file)
    }

    /// Empties the node for reuse, keeping its arrays' storage.
    mutating func reset(offset: Int) {
        if !inputs.isEmpty { inputs.removeAll(keepingCapacity: true) }
        if !outputs.isEmpty { outputs.removeAll(keepingCapacity: true) }
        if !attributes.isEmpty { attributes.removeAll(keepingCapacity: true) }
        name = .empty
        opType = .empty
        domain = .empty
        self.offset = offset
    }
}

/// An `AttributeProto`: what the checker needs, and the graphs and tensors it holds.
struct ONNXAttribute {
    var name = ""
    var type: Int64?
    var refAttrName: String?
    /// The value fields present (singular ones seen, repeated ones non-empty), one bit per field number.
    var valueFields: UInt32 = 0
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
    /// Where `name` lies in the file (empty when absent).
    var nameRange = ONNXName.empty
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
    /// Where `name` lies in the file.
    var nameRange = ONNXName.empty
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
    var inputs: [ONNXName] = []
    var outputs: [ONNXName] = []
    var attributes: [String] = []
    var nodes = ONNXNodes.none
    /// The nodes' operator histogram, made while they are parsed.
    var operators = OperatorHistogram()
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
