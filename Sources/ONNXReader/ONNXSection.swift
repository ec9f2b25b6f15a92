import ModelArtifact

/// The report's `onnx` section: what the common members have no place for (the model's domain,
/// version and doc string, types that are no plain tensors, sparse initializers, the subgraphs of
/// control-flow nodes, local functions, training info, the external data files).
public struct ONNXSection: ReportSection, Equatable {
    public static let key = "onnx"

    /// The model's domain, empty when it names none.
    public var domain: String = ""
    /// `model_version`, when set.
    public var modelVersion: Int64?
    /// The model's doc string, when it is not empty.
    public var docString: String?
    /// Graph inputs left out of `graphs` because an initializer feeds them.
    public var initializerInputs: Int
    /// Graph inputs and outputs whose type is not a tensor of a dtype the report names.
    public var valueTypes: [ValueType] = []
    /// The main graph's sparse initializers.
    public var sparseInitializers: [SparseInitializer] = []
    /// The graphs held by main-graph node attributes, depth first.
    public var subgraphs: [Subgraph] = []
    /// Subgraphs past the listed ones, counted only.
    public var subgraphsLeftOut = 0
    /// The model's local functions.
    public var functions: [Function] = []
    /// `training_info` entries.
    public var trainingInfo: Int
    /// The external data files the initializers name, sorted by location.
    public var externalData: [ExternalFile] = []

    /// A graph input or output and its readable type.
    public struct ValueType: Sendable, Equatable {
        public var name: String
        /// `input` or `output`.
        public var role: String
        /// The type's case (`sequence_type`, `map_type`, `tensor_type`…).
        public var kind: String
        /// The type as text (`seq(tensor(float))`).
        public var type: String
    }

    /// Where part of a tensor's bytes lie.
    public struct ByteRange: Sendable, Equatable {
        /// The external file, when the bytes are outside the model.
        public var file: String?
        public var offset: Int?, length: Int?
    }

    /// A sparse initializer.
    public struct SparseInitializer: Sendable, Equatable {
        public var name: String
        /// The values' dtype, nil when the report cannot name it.
        public var dtype: DType?
        /// The dense shape.
        public var shape: [Int64]
        /// Non-zero values, when the values tensor says.
        public var nnz: Int64?
        /// Where the values and the indices lie, when their dtype is one the report names.
        public var values: ByteRange?, indices: ByteRange?
    }

    /// A graph held by a node attribute (an If's branch, a Loop's or Scan's body).
    public struct Subgraph: Sendable, Equatable {
        /// `node/attribute` from the main graph down (`if_0/then_branch/loop_1/body`).
        public var path: String
        /// The holding node's op_type and the attribute's name.
        public var opType: String, attribute: String
        public var name: String
        public var nodeCount: Int
        /// Operator → count, in first-seen order.
        public var operators: [Operator]
        public var initializers: Int
    }

    /// A local function.
    public struct Function: Sendable, Equatable {
        /// The domain, empty when it names none.
        public var domain: String
        public var name: String
        public var inputs: [String], outputs: [String]
        public var nodeCount: Int
        /// Operator → count, in first-seen order.
        public var operators: [Operator]
    }

    /// One operator of a histogram.
    public struct Operator: Sendable, Equatable {
        public var name: String
        public var count: Int
    }

    /// An external data file.
    public struct ExternalFile: Sendable, Equatable {
        /// The location as the model writes it.
        public var location: String
        /// The file's size; nil when it is missing or leaves the model's folder.
        public var size: Int?
        /// How many tensors point into it and how many bytes they claim.
        public var tensors: Int, bytes: Int
    }

    public var json: JSONValue {
        var o = JSONObject()
        if !domain.isEmpty { o.append("domain", .string(domain)) }
        if let modelVersion { o.append("model_version", .int(modelVersion)) }
        if let docString { o.append("doc_string", .string(docString)) }
        o.append("initializer_inputs", .int(Int64(initializerInputs)))
        if !valueTypes.isEmpty {
            o.append("value_types", .array(valueTypes.map { value in
                .object(["name": .string(value.name), "role": .string(value.role), "kind": .string(value.kind),
                         "type": .string(value.type)])
            }))
        }
        if !sparseInitializers.isEmpty { o.append("sparse_initializers", .array(sparseInitializers.map(\.json))) }
        if !subgraphs.isEmpty {
            o.append("subgraphs", .array(subgraphs.map { sub in
                .object(["path": .string(sub.path), "op_type": .string(sub.opType), "attribute": .string(sub.attribute),
                         "name": .string(sub.name), "node_count": .int(Int64(sub.nodeCount)),
                         "operators": Self.histogram(sub.operators), "initializers": .int(Int64(sub.initializers))])
            }))
        }
        if subgraphsLeftOut > 0 { o.append("subgraphs_left_out", .int(Int64(subgraphsLeftOut))) }
        if !functions.isEmpty {
            o.append("functions", .array(functions.map { function in
                .object(["domain": .string(function.domain), "name": .string(function.name),
                         "inputs": .array(function.inputs.map { .string($0) }),
                         "outputs": .array(function.outputs.map { .string($0) }),
                         "node_count": .int(Int64(function.nodeCount)), "operators": Self.histogram(function.operators)])
            }))
        }
        o.append("training_info", .int(Int64(trainingInfo)))
        if !externalData.isEmpty {
            o.append("external_data", .array(externalData.map { file in
                var entry: JSONObject = ["location": .string(file.location)]
                entry.append("size", file.size.map { .int(Int64($0)) } ?? .null)
                entry.append("tensors", .int(Int64(file.tensors)))
                entry.append("bytes", .int(Int64(file.bytes)))
                return .object(entry)
            }))
        }
        return .object(o)
    }

    static func histogram(_ operators: [Operator]) -> JSONValue {
        var object = JSONObject()
        for op in operators { object.append(op.name, .int(Int64(op.count))) }
        return .object(object)
    }

    public func mapStrings(_ transform: (String) -> String) -> ONNXSection {
        var c = self
        c.domain = transform(domain)
        c.docString = docString.mapStrings(transform)
        c.valueTypes = valueTypes.map { ValueType(name: transform($0.name), role: $0.role, kind: $0.kind, type: transform($0.type)) }
        c.sparseInitializers = sparseInitializers.map { sparse in
            var s = sparse
            s.name = transform(sparse.name)
            s.dtype = sparse.dtype.mapStrings(transform)
            s.values?.file = sparse.values?.file.mapStrings(transform)
            s.indices?.file = sparse.indices?.file.mapStrings(transform)
            return s
        }
        func operators(_ ops: [Operator]) -> [Operator] { ops.map { Operator(name: transform($0.name), count: $0.count) } }
        c.subgraphs = subgraphs.map { sub in
            var s = sub
            s.path = transform(sub.path)
            s.opType = transform(sub.opType)
            s.attribute = transform(sub.attribute)
            s.name = transform(sub.name)
            s.operators = operators(sub.operators)
            return s
        }
        c.functions = functions.map { function in
            Function(domain: transform(function.domain), name: transform(function.name), inputs: function.inputs.mapStrings(transform),
                     outputs: function.outputs.mapStrings(transform), nodeCount: function.nodeCount,
                     operators: operators(function.operators))
        }
        c.externalData = externalData.map { file in
            var f = file
            f.location = transform(file.location)
            return f
        }
        return c
    }
}

extension ONNXSection.SparseInitializer {
    var json: JSONValue {
        var o = JSONObject()
        o.append("name", .string(name))
        o.append("dtype", dtype.map { .string($0.name) } ?? .null)
        o.append("shape", .array(shape.map { .int($0) }))
        o.append("nnz", nnz.map { .int($0) } ?? .null)
        for (key, part) in [("values", values), ("indices", indices)] {
            guard let part else { continue }
            var range = JSONObject()
            if let file = part.file { range.append("file", .string(file)) }
            if let offset = part.offset { range.append("offset", .int(Int64(offset))) }
            if let length = part.length { range.append("length", .int(Int64(length))) }
            o.append(key, .object(range))
        }
        return .object(o)
    }
}
