import ModelArtifact

/// onnx's `checker.check_model`, for the rules that need no operator schema, in the checker's own
/// order so that the first rule broken gives its exact message; every rule broken becomes a finding.
struct ONNXChecker {
    let model: ONNXModel
    let path: String
    var findings = ONNXFindings()
    var externals: ONNXExternalFiles
    /// Per external-data location: how many tensors point into it and how many bytes they claim.
    var externalUse: [String: (tensors: Int, bytes: Int)] = [:]

    /// Where a graph is checked from: the main graph or a subgraph, the opsets in force, and the
    /// node context onnx appends to errors raised while checking a main-graph node.
    struct Scope {
        var isMainGraph = true
        var opsets: [String: Int64]
        var context: String?
    }

    /// The names visible in a graph: its own and its ancestors'.
    struct Lexical {
        var frames: [Set<String>] = [[]]
        func thisGraphHas(_ name: String) -> Bool { frames[frames.count - 1].contains(name) }
        func anyHas(_ name: String) -> Bool { frames.contains { $0.contains(name) } }
        mutating func add(_ name: String) { frames[frames.count - 1].insert(name) }
        func child() -> Lexical { Lexical(frames: frames + [[]]) }
    }

    init(model: ONNXModel, path: String) {
        self.model = model
        self.path = path
        self.externals = ONNXExternalFiles(modelPath: path)
    }

    var ir: Int64 { model.irVersion ?? 0 }

    func at(_ offset: Int) -> String { Finding.location(path, offset) }

    /// Runs every check.
    mutating func run() {
        if ir == 0 {
            findings.add("ONNX001", "ir_version is missing or 0",
                         checker: "The model does not have an ir_version set properly.", location: path)
        }
        let newest = FormatSignatures.onnxNewestIRVersion
        if ir > newest {
            findings.add("ONNX002", "ir_version \(ir) is newer than the newest known (\(newest))",
                         checker: "Your model ir_version \(ir) is higher than the checker's (\(newest)).", location: path)
        }
        var keys = Set<String>()
        for entry in model.metadata where !keys.insert(entry.key ?? "").inserted {
            findings.add("ONNX019", "metadata_props repeats the key \"\(entry.key ?? "")\"",
                         checker: "Your model has duplicate keys in metadata_props.", location: at(entry.offset))
            break
        }
        var opsets: [String: Int64] = [:]
        for opset in model.opsets { opsets[opset.domain] = opset.version }
        if ir >= 3, opsets.isEmpty {
            findings.add("ONNX003", "no opset_import although the IR version is \(ir)",
                         checker: "model with IR version >= 3 must specify opset_import for ONNX", location: path)
        } else if ir < 3 {
            if opsets.isEmpty {
                opsets[""] = 1
            } else {
                findings.add("ONNX003", "opset_import in a model of IR version \(ir) (< 3)",
                             checker: "model with IR version < 3 cannot have opset_import specified", location: path)
            }
        }
        let scope = Scope(opsets: opsets)
        checkGraph(model.graph ?? ONNXGraph(offset: 0), scope, Lexical())
        if ir >= 8 { checkFunctions() }
    }

    mutating func checkGraph(_ graph: ONNXGraph, _ scope: Scope, _ parent: Lexical) {
        if graph.name.isEmpty {
            findings.add("ONNX018", "a graph has no name", checker: "Field 'name' of 'graph' is required to be non-empty.",
                         context: scope.context, location: at(graph.offset))
        }
        for value in graph.inputs { checkValueInfo(value, scope) }
        for value in graph.outputs { checkValueInfo(value, scope) }
        var lexical = parent.child()
        for value in graph.inputs {
            if lexical.thisGraphHas(value.name) {
                findings.add("ONNX005", "graph \"\(graph.name)\" has two inputs named \"\(value.name)\"",
                             checker: "Graph must be in single static assignment (SSA) form, however '\(value.name)' has been used as graph input names multiple times.",
                             context: scope.context, location: at(value.offset))
            }
            lexical.add(value.name)
        }
        var initializers = Set<String>()
        for tensor in graph.initializers {
            let name = tensor.displayName
            if tensor.name == nil {
                findings.add("ONNX018", "an initializer has no name", checker: "Field 'name' of 'init' is required but missing.",
                             context: scope.context, location: at(tensor.offset))
            } else if name.isEmpty {
                findings.add("ONNX018", "an initializer has an empty name",
                             checker: "Tensor initializers must have a non-empty name", context: scope.context,
                             location: at(tensor.offset))
            }
            if !initializers.insert(name).inserted {
                findings.add("ONNX006", "two initializers are named \"\(name)\"", checker: "\(name) initializer name is not unique",
                             context: scope.context, location: at(tensor.offset))
            }
            checkTensor(tensor, scope)
            if ir <= 3 {
                if !lexical.thisGraphHas(name) {
                    findings.add("ONNX009", "initializer \"\(name)\" is not a graph input, as IR version \(ir) requires",
                                 checker: "\(name) in initializer but not in graph input", context: scope.context,
                                 location: at(tensor.offset))
                }
            } else {
                lexical.add(name)
            }
        }
        for sparse in graph.sparseInitializers {
            let name = sparse.values?.name ?? ""
            if sparse.values?.name == nil {
                findings.add("ONNX018", "a sparse initializer's values have no name",
                             checker: "Field 'name' of 'values' is required but missing.", context: scope.context,
                             location: at(sparse.offset))
            } else if name.isEmpty {
                findings.add("ONNX018", "a sparse initializer has an empty name",
                             checker: "Sparse tensor initializers must have a non-empty name", context: scope.context,
                             location: at(sparse.offset))
            }
            if !initializers.insert(name).inserted {
                findings.add("ONNX006", "two initializers are named \"\(name)\"",
                             checker: "\(name) sparse initializer name is not unique across initializers and sparse_initializers",
                             context: scope.context, location: at(sparse.offset))
            }
            checkSparseTensor(sparse, scope)
            lexical.add(name)
        }
        for node in graph.nodes {
            for input in node.inputs where !input.isEmpty && !lexical.anyHas(input) {
                findings.add("ONNX007",
                             "node \"\(node.name)\" (\(node.opType)) reads \"\(input)\", which is no graph input, initializer or earlier node output",
                             checker: "Nodes in a graph must be topologically sorted, however input '\(input)' of node: \nname: \(node.name) OpType: \(node.opType)\n is not output of any previous nodes.",
                             context: scope.context, location: at(node.offset))
            }
            var inner = scope
            if inner.context == nil { inner.context = "Bad node spec for node. Name: \(node.name) OpType: \(node.opType)" }
            checkNode(node, inner, lexical)
            for output in node.outputs where !output.isEmpty {
                if lexical.anyHas(output) {
                    findings.add("ONNX008", "\"\(output)\" is produced again by node \"\(node.name)\" (\(node.opType))",
                                 checker: "Graph must be in single static assignment (SSA) form, however '\(output)' has been used as output names multiple times.",
                                 context: scope.context, location: at(node.offset))
                }
                lexical.add(output)
            }
        }
    }

    mutating func checkValueInfo(_ value: ONNXValueInfo, _ scope: Scope) {
        func missing(_ what: String, of owner: String) {
            findings.add("ONNX018", "value \"\(value.name)\" lacks its \(what)",
                         checker: "Field '\(what)' of '\(owner)' is required but missing.", context: scope.context,
                         location: at(value.offset))
        }
        if value.name.isEmpty {
            findings.add("ONNX018", "a graph input or output has no name",
                         checker: "Field 'name' of 'value_info' is required to be non-empty.", context: scope.context,
                         location: at(value.offset))
        }
        if case .tensor(let elem?, _)? = value.type, ONNXDataType(code: elem) == nil {
            findings.add("ONNX013", "value \"\(value.name)\" has element type \(elem), which ONNX does not define",
                         location: at(value.offset))
        }
        guard scope.isMainGraph else { return }
        guard let type = value.type else { return missing("type", of: "value_info") }
        switch type {
        case .tensor(let elem, let shape), .sparseTensor(let elem, let shape):
            if elem == nil { missing("elem_type", of: "type") } else if shape == nil { missing("shape", of: "type") }
        case .sequence(let elem), .optional(let elem):
            if elem == nil { missing("elem_type", of: "type") }
        case .map(let key, let valueType):
            if key == nil { missing("key_type", of: "type") } else if valueType == nil { missing("value_type", of: "type") }
        case .opaque:
            break
        case .unset:
            findings.add("ONNX018", "value \"\(value.name)\" has a type with no case set",
                         checker: "Unrecognized type value case (value_info name: \(value.name)): 0", context: scope.context,
                         location: at(value.offset))
        }
    }

    mutating func checkNode(_ node: ONNXNode, _ scope: Scope, _ lexical: Lexical) {
        let location = at(node.offset)
        if node.opType.isEmpty {
            findings.add("ONNX018", "node \"\(node.name)\" has no op_type",
                         checker: "Field 'op_type' of 'node' is required to be non-empty.", context: scope.context, location: location)
        }
        if node.inputs.isEmpty && node.outputs.isEmpty {
            findings.add("ONNX018", "node \"\(node.name)\" (\(node.opType)) has no inputs and no outputs",
                         checker: "NodeProto (name: \(node.name), type: \(node.opType)) has zero input and zero output.",
                         context: scope.context, location: location)
        }
        if scope.opsets[node.domain] == nil {
            findings.add("ONNX004", "node \"\(node.name)\" (\(node.opType)) uses domain \"\(node.domain)\", which has no opset import",
                         checker: "No opset import for domain '\(node.domain)'", context: scope.context, location: location)
        }
        var seen = Set<String>()
        for attribute in node.attributes {
            if !seen.insert(attribute.name).inserted {
                findings.add("ONNX018", "node \"\(node.name)\" has attribute \"\(attribute.name)\" twice",
                             checker: "Attribute '\(attribute.name)' appeared multiple times.", context: scope.context,
                             location: at(attribute.offset))
            }
            checkAttribute(attribute, scope, lexical)
        }
    }

    /// The attribute kinds in the order onnx's checker tests their value fields.
    static let attributeCheckOrder: [ONNXSchema.AttributeType] = [
        .float, .int, .string, .tensor, .graph, .typeProto, .sparseTensor,
        .floats, .ints, .strings, .tensors, .graphs, .sparseTensors, .typeProtos,
    ]

    mutating func checkAttribute(_ attribute: ONNXAttribute, _ scope: Scope, _ lexical: Lexical) {
        let name = attribute.name
        let location = at(attribute.offset)
        func malformed(_ message: String, _ checker: String) {
            findings.add("ONNX018", message, checker: checker, context: scope.context, location: location)
        }
        if name.isEmpty { malformed("an attribute has no name", "Field 'name' of 'attr' is required to be non-empty.") }
        if ir >= 2, attribute.type == nil {
            malformed("attribute \"\(name)\" has no type", "Field 'type' of 'attr' is required but missing.")
        }
        var used = 0
        var mismatched = false
        for kind in Self.attributeCheckOrder where attribute.valueFields.contains(kind.valueField!.rawValue) {
            used += 1
            if let type = attribute.type, type != kind.rawValue, !mismatched {
                mismatched = true
                malformed("attribute \"\(name)\" says type \(type) but holds a \(kind) value",
                          "type field and data field mismatch in attribute \(name).")
            }
        }
        if used > 1 {
            malformed("attribute \"\(name)\" holds \(used) value fields",
                      "Attribute (name: \(name)) should not contain more than one value field.")
        }
        if !scope.isMainGraph, attribute.refAttrName != nil, used != 0 {
            malformed("attribute \"\(name)\" refers to a parent attribute and holds a value",
                      "Attribute (name: \(name)) should refer to attribute in parent node.")
        }
        if let tensor = attribute.tensor { checkTensor(tensor, scope) }
        if let sparse = attribute.sparseTensor { checkSparseTensor(sparse, scope) }
        var sub = scope
        sub.isMainGraph = false
        if let graph = attribute.graph { checkGraph(graph, sub, lexical) }
        for tensor in attribute.tensors { checkTensor(tensor, scope) }
        for sparse in attribute.sparseTensors { checkSparseTensor(sparse, scope) }
        for graph in attribute.graphs { checkGraph(graph, sub, lexical) }
    }
}
