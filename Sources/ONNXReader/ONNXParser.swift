import ModelArtifact

/// Parses a `ModelProto` into an `ONNXModel` with the shared protobuf wire reader: field numbers
/// from `ONNXSchema`, unknown fields skipped by wire type, known fields held to their wire type,
/// every repeated field capped. Weights are passed over by their length, never read.
enum ONNXParser {
    /// The model in `file`; throws `ArtifactError` for anything that is not well-formed protobuf.
    static func model(_ file: MappedFile, limits: ProtoLimits = ProtoLimits()) throws -> ONNXModel {
        try ProtoReader(file, limits: limits).fold(ONNXModel()) { model, field, reader in
            guard let known = ONNXSchema.Model(rawValue: UInt64(field.number)) else { return }
            switch known {
            case .irVersion: model.irVersion = try reader.int64(field, what: "ir_version")
            case .producerName: model.producerName = try reader.string(field, what: "producer_name")
            case .producerVersion: model.producerVersion = try reader.string(field, what: "producer_version")
            case .domain: model.domain = try reader.string(field, what: "domain")
            case .modelVersion: model.modelVersion = try reader.int64(field, what: "model_version")
            case .docString: model.docString = try reader.string(field, what: "doc_string")
            case .graph: model.graph = try graph(reader.message(field, what: "graph"))
            case .opsetImport: try append(&model.opsets, opset(reader.message(field, what: "opset_import")), field, reader)
            case .metadataProps:
                try append(&model.metadata, entry(reader.message(field, what: "metadata_props")), field, reader)
            case .trainingInfo:
                try append(&model.trainingInfo, trainingInfo(reader.message(field, what: "training_info")), field, reader)
            case .functions: try append(&model.functions, function(reader.message(field, what: "functions")), field, reader)
            case .configuration: try reader.expect(field, .lengthDelimited, what: "configuration")
            }
        }
    }

    /// Most messages kept from one repeated field (initializers, graph inputs, attributes, dims…):
    /// each costs 50–150 bytes here for 2 bytes in the file, so the general cap (16 Mi) would let
    /// a 100 MB file claim gigabytes. Real models hold some 10^5 at the most.
    static let maxKept = 1 << 20

    /// Most nodes one graph may hold. Nodes are read one at a time and never kept, but checking
    /// each one's names costs up to a microsecond here (a random probe into a table of every
    /// name), so 2 Mi nodes (far more than the largest exported graphs) keep the worst 100 MB file
    /// near 2 s; more is `too-many-elements`.
    static let maxNodes = 1 << 21

    /// Appends `value`, throwing `too-many-elements` past the repeated-field cap (`maxKept` for
    /// values larger than a name's range).
    static func append<T>(_ array: inout [T], _ value: T, _ field: ProtoField, _ reader: ProtoReader) throws {
        let cap = MemoryLayout<T>.stride > 16 ? min(reader.limits.maxRepeated, maxKept) : reader.limits.maxRepeated
        guard array.count < cap else {
            throw reader.error("too-many-elements", expected: "at most \(cap) repeated elements",
                               found: "more of field \(field.number)", at: field.key.offset)
        }
        array.append(value)
    }

    /// How a graph held by a node attribute is read: its nodes parsed (the first, validating pass
    /// over the model) or only counted (when the checker reads the nodes again, one at a time).
    enum NestedGraphs {
        case validated, deferred
    }

    /// A string field's range, checked as `ProtoReader.string` checks it but not decoded.
    static func name(_ field: ProtoField, _ reader: ProtoReader, what: @autoclosure () -> String) throws -> ONNXName {
        try reader.expect(field, .lengthDelimited, what: what())
        let cap = min(reader.limits.maxStringLength, ONNXNameSet.maxNameLength)
        guard field.range.count <= cap else {
            throw reader.error("string-too-long", expected: "\(what()) of at most \(cap) bytes",
                               found: "\(field.range.count) bytes", at: field.range.lowerBound)
        }
        return ONNXName(field.range)
    }

    /// Counts one more node field of `nodes` (capped as any repeated field) and, when validating,
    /// parses it into the scratch `node`.
    static func countNode(_ nodes: inout ONNXNodes, _ field: ProtoField, _ reader: ProtoReader, scratch node: inout ONNXNode,
                          nested: NestedGraphs, what: String) throws {
        let cap = min(reader.limits.maxRepeated, maxNodes)
        guard nodes.count < cap else {
            throw reader.error("too-many-elements", expected: "at most \(cap) nodes in a graph",
                               found: "more of field \(field.number)", at: field.key.offset)
        }
        nodes.count += 1
        if nested == .validated {
            try Self.node(reader.message(field, what: what), into: &node, nested: .validated)
            nodes.outputs += node.outputs.count { !$0.isEmpty }
        } else {
            try reader.expect(field, .lengthDelimited, what: what)
        }
    }

    static func graph(_ message: ProtoReader, nested: NestedGraphs = .validated) throws -> ONNXGraph {
        var scratch = ONNXNode(offset: 0)
        let initial = ONNXGraph(nodes: ONNXNodes(message: message, field: ONNXSchema.Graph.node.rawValue), offset: message.offset)
        return try message.fold(initial) { graph, field, reader in
            guard let known = ONNXSchema.Graph(rawValue: field.number) else { return }
            switch known {
            case .node: try countNode(&graph.nodes, field, reader, scratch: &scratch, nested: nested, what: "node")
            case .name: graph.name = try reader.string(field, what: "graph name")
            case .initializer:
                try append(&graph.initializers, tensor(reader.message(field, what: "initializer")), field, reader)
            case .sparseInitializer:
                try append(&graph.sparseInitializers, sparseTensor(reader.message(field, what: "sparse_initializer")),
                           field, reader)
            case .docString: graph.docString = try reader.string(field, what: "graph doc_string")
            case .input: try append(&graph.inputs, valueInfo(reader.message(field, what: "graph input")), field, reader)
            case .output: try append(&graph.outputs, valueInfo(reader.message(field, what: "graph output")), field, reader)
            case .valueInfo:
                try reader.expect(field, .lengthDelimited, what: "value_info")
                graph.valueInfoCount += 1
            case .quantizationAnnotation, .metadataProps:
                try reader.expect(field, .lengthDelimited, what: "graph field \(field.number)")
            }
        }
    }

    /// Reads a `NodeProto` into `node`, reusing its storage.
    static func node(_ message: ProtoReader, into node: inout ONNXNode, nested: NestedGraphs) throws {
        node.reset(offset: message.offset)
        var reader = message
        while let field = try reader.next() {
            guard let known = ONNXSchema.Node(rawValue: field.number) else { continue }
            switch known {
            case .input: try append(&node.inputs, name(field, reader, what: "node input"), field, reader)
            case .output: try append(&node.outputs, name(field, reader, what: "node output"), field, reader)
            case .name: node.name = try name(field, reader, what: "node name")
            case .opType: node.opType = try name(field, reader, what: "op_type")
            case .domain: node.domain = try name(field, reader, what: "node domain")
            case .attribute:
                try append(&node.attributes, attribute(reader.message(field, what: "attribute"), nested: nested), field, reader)
            case .docString, .overload, .metadataProps:
                try reader.expect(field, .lengthDelimited, what: "node field \(field.number)")
            }
        }
    }

    static func attribute(_ message: ProtoReader, nested: NestedGraphs) throws -> ONNXAttribute {
        try message.fold(ONNXAttribute(offset: message.offset)) { attribute, field, reader in
            guard let known = ONNXSchema.Attribute(rawValue: field.number) else { return }
            var filled = true
            switch known {
            case .name: attribute.name = try reader.string(field, what: "attribute name"); filled = false
            case .type: attribute.type = try reader.int64(field, what: "attribute type"); filled = false
            case .refAttrName: attribute.refAttrName = try reader.string(field, what: "ref_attr_name"); filled = false
            case .docString: try reader.expect(field, .lengthDelimited, what: "attribute doc_string"); filled = false
            case .f: try reader.expect(field, .fixed32, what: "attribute f")
            case .i: try reader.expect(field, .varint, what: "attribute i")
            case .s, .tp, .strings, .typeProtos: try reader.expect(field, .lengthDelimited, what: "attribute field \(field.number)")
            case .t: attribute.tensor = try tensor(reader.message(field, what: "attribute t"))
            case .g: attribute.graph = try graph(reader.message(field, what: "attribute g"), nested: nested)
            case .sparseTensor: attribute.sparseTensor = try sparseTensor(reader.message(field, what: "attribute sparse_tensor"))
            case .floats: filled = try reader.elementCount(field, element: .fixed32, what: "attribute floats") > 0
            case .ints: filled = try reader.elementCount(field, element: .varint, what: "attribute ints") > 0
            case .tensors: try append(&attribute.tensors, tensor(reader.message(field, what: "attribute tensors")), field, reader)
            case .graphs:
                try append(&attribute.graphs, graph(reader.message(field, what: "attribute graphs"), nested: nested), field, reader)
            case .sparseTensors:
                try append(&attribute.sparseTensors, sparseTensor(reader.message(field, what: "attribute sparse_tensors")),
                           field, reader)
            }
            if filled { attribute.valueFields |= 1 << UInt32(field.number) }
        }
    }

    static func opset(_ message: ProtoReader) throws -> ONNXOpset {
        try message.fold(ONNXOpset()) { opset, field, reader in
            switch ONNXSchema.OperatorSetId(rawValue: field.number) {
            case .domain: opset.domain = try reader.string(field, what: "opset domain")
            case .version: opset.version = try reader.int64(field, what: "opset version")
            case nil: return
            }
        }
    }

    static func entry(_ message: ProtoReader) throws -> ONNXEntry {
        try message.fold(ONNXEntry(offset: message.offset)) { entry, field, reader in
            switch ONNXSchema.StringStringEntry(rawValue: field.number) {
            case .key: entry.key = try reader.string(field, what: "key")
            case .value: entry.value = try reader.string(field, what: "value")
            case nil: return
            }
        }
    }

    static func function(_ message: ProtoReader) throws -> ONNXFunction {
        var scratch = ONNXNode(offset: 0)
        let initial = ONNXFunction(nodes: ONNXNodes(message: message, field: ONNXSchema.Function.node.rawValue), offset: message.offset)
        return try message.fold(initial) { function, field, reader in
            guard let known = ONNXSchema.Function(rawValue: field.number) else { return }
            switch known {
            case .name: function.name = try reader.string(field, what: "function name")
            case .domain: function.domain = try reader.string(field, what: "function domain")
            case .input: try append(&function.inputs, name(field, reader, what: "function input"), field, reader)
            case .output: try append(&function.outputs, name(field, reader, what: "function output"), field, reader)
            case .attribute: try append(&function.attributes, reader.string(field, what: "function attribute"), field, reader)
            case .node:
                try countNode(&function.nodes, field, reader, scratch: &scratch, nested: .validated, what: "function node")
                function.operators.count(scratch.qualifiedOp(in: reader.file))
            case .opsetImport:
                try append(&function.opsets, opset(reader.message(field, what: "function opset_import")), field, reader)
            case .docString, .attributeProto, .valueInfo, .overload, .metadataProps:
                try reader.expect(field, .lengthDelimited, what: "function field \(field.number)")
            }
        }
    }

    static func trainingInfo(_ message: ProtoReader) throws -> ONNXTrainingInfo {
        try message.fold(ONNXTrainingInfo(offset: message.offset)) { info, field, reader in
            switch ONNXSchema.TrainingInfo(rawValue: field.number) {
            case .initialization: info.initialization = try graph(reader.message(field, what: "initialization"))
            case .algorithm: info.algorithm = try graph(reader.message(field, what: "algorithm"))
            case .initializationBinding, .updateBinding:
                try reader.expect(field, .lengthDelimited, what: "training binding")
                info.bindings += 1
            case nil: return
            }
        }
    }
}
