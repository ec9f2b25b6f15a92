/// A weight tensor: its name, element type, shape and where its bytes lie.
public struct TensorInfo: Sendable, Equatable {
    /// The tensor's name (for PyTorch, the dotted path that reaches it).
    public var name: String
    /// Element type.
    public var dtype: DType
    /// Shape; `[]` for a scalar.
    public var shape: [Dimension]
    /// Absolute offset of the first byte in the file (or in `file`); nil when the bytes are not
    /// one contiguous range.
    public var offset: Int?
    /// Byte length; nil when unknown.
    public var length: Int?
    /// The file that holds the bytes, relative to the report's path (checkpoint folders, external data).
    public var file: String?
    /// The graph (subgraph index) the tensor belongs to, where a format has several.
    public var graph: Int?
    /// Format-specific members appended after the common ones (quantization, storage key…).
    public var extra: JSONObject

    /// Creates a tensor description.
    public init(name: String, dtype: DType, shape: [Dimension], offset: Int? = nil, length: Int? = nil,
                file: String? = nil, graph: Int? = nil, extra: JSONObject = [:]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.offset = offset
        self.length = length
        self.file = file
        self.graph = graph
        self.extra = extra
    }

    /// Element count, when the shape is fully known.
    public var elementCount: Int? { shape.elementCount }

    /// The schema's JSON object: name, dtype, shape, [file], offset, length, [graph], extras.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("name", .string(name))
        o.append("dtype", .string(dtype.name))
        o.append("shape", .array(shape.map(\.json)))
        if let file { o.append("file", .string(file)) }
        if let offset { o.append("offset", .int(Int64(offset))) }
        if let length { o.append("length", .int(Int64(length))) }
        if let graph { o.append("graph", .int(Int64(graph))) }
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }
}

/// A graph input or output: a tensor with a type and shape, or another kind of value described in words.
public struct ValueInfo: Sendable, Equatable {
    /// The value's name.
    public var name: String
    /// Element type; nil for values that are not tensors (sequences, maps, optionals).
    public var dtype: DType?
    /// Shape; nil when not a tensor or when the rank is unknown.
    public var shape: [Dimension]?
    /// A readable type for values that are not plain tensors (`"seq(tensor(float))"`).
    public var type: String?
    /// Format-specific members (quantization…).
    public var extra: JSONObject

    /// Creates a value description.
    public init(name: String, dtype: DType?, shape: [Dimension]?, type: String? = nil, extra: JSONObject = [:]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.type = type
        self.extra = extra
    }

    /// The schema's JSON object.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("name", .string(name))
        o.append("dtype", dtype.map { .string($0.name) } ?? .null)
        o.append("shape", shape.map { .array($0.map(\.json)) } ?? .null)
        if let type { o.append("type", .string(type)) }
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }
}

/// One graph of a model: its inputs, outputs and operator histogram.
public struct GraphSummary: Sendable, Equatable {
    /// The graph's name.
    public var name: String?
    /// Inputs the caller feeds.
    public var inputs: [ValueInfo]
    /// Outputs the graph produces.
    public var outputs: [ValueInfo]
    /// Operator name → count, in first-seen order.
    public var operators: [(name: String, count: Int)]
    /// Number of nodes.
    public var nodeCount: Int?
    /// The SyNAP delegate that runs it (`npu`, `cpu`, `gpu`, `torq`).
    public var delegate: String?
    /// Format-specific members.
    public var extra: JSONObject

    /// Creates a graph summary.
    public init(name: String? = nil, inputs: [ValueInfo] = [], outputs: [ValueInfo] = [],
                operators: [(name: String, count: Int)] = [], nodeCount: Int? = nil,
                delegate: String? = nil, extra: JSONObject = [:]) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.operators = operators
        self.nodeCount = nodeCount
        self.delegate = delegate
        self.extra = extra
    }

    public static func == (a: GraphSummary, b: GraphSummary) -> Bool {
        a.name == b.name && a.inputs == b.inputs && a.outputs == b.outputs && a.nodeCount == b.nodeCount
            && a.delegate == b.delegate && a.extra == b.extra
            && a.operators.map(\.name) == b.operators.map(\.name) && a.operators.map(\.count) == b.operators.map(\.count)
    }

    /// The schema's JSON object.
    public var json: JSONValue {
        var o = JSONObject()
        if let name { o.append("name", .string(name)) }
        if let delegate { o.append("delegate", .string(delegate)) }
        o.append("inputs", .array(inputs.map(\.json)))
        o.append("outputs", .array(outputs.map(\.json)))
        if !operators.isEmpty || nodeCount != nil {
            var ops = JSONObject()
            for (name, count) in operators { ops.append(name, .int(Int64(count))) }
            o.append("operators", .object(ops))
        }
        if let nodeCount { o.append("node_count", .int(Int64(nodeCount))) }
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }
}
