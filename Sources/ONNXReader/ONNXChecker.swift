import ModelArtifact

/// onnx's `checker.check_model`, for the rules that need no operator schema, in the checker's own
/// order so that the first rule broken gives its exact message; every rule broken becomes a finding.
struct ONNXChecker {
    let model: ONNXModel
    let file: MappedFile
    var path: String { file.path }
    let findings = ONNXFindings()
    var externals: ONNXExternalFiles
    /// Per external-data location: how many tensors point into it and how many bytes they claim.
    var externalUse: [String: (tensors: Int, bytes: Int)] = [:]
    /// The main graph's operator histogram, made while its nodes are checked.
    var operators: [(name: String, count: Int)] = []
    /// The report's `subgraphs`: each graph held by a main-graph node attribute, depth first.
    var subgraphs: [ONNXSection.Subgraph] = []
    /// Subgraphs beyond `maxSubgraphs`, counted only.
    var subgraphsLeftOut = 0

    /// Most subgraphs listed in the report.
    static let maxSubgraphs = 4096
    /// Most distinct operators a histogram names; the rest are counted under `otherOperators`.
    static let maxOperators = 4096
    static let otherOperators = "(other operators)"

    /// Where a graph is checked from: the main graph or a subgraph, the opsets in force, and the
    /// node context onnx appends to errors raised while checking a main-graph node.
    struct Scope {
        var isMainGraph = true
        var opsets: [String: Int64] { didSet { importsDefault = opsets[""] != nil } }
        /// Whether the default domain has an opset: the question of nearly every node, asked without hashing.
        private(set) var importsDefault: Bool
        /// The main-graph node being checked (its name and op_type), for the context.
        var node: (name: ONNXName, opType: ONNXName)?
        /// The path of the graph in the report's `subgraphs`, nil when not listed (local functions).
        var subgraphPath: String? = nil
        let file: MappedFile

        init(isMainGraph: Bool = true, opsets: [String: Int64], node: (name: ONNXName, opType: ONNXName)? = nil,
             subgraphPath: String? = nil, file: MappedFile) {
            self.isMainGraph = isMainGraph
            self.opsets = opsets
            self.importsDefault = opsets[""] != nil
            self.node = node
            self.subgraphPath = subgraphPath
            self.file = file
        }

        /// True when `domain` has an opset import.
        func imports(_ domain: ONNXName, _ text: @autoclosure () -> String) -> Bool {
            domain.isEmpty ? importsDefault : opsets[text()] != nil
        }

        /// Made only when a checker message needs it.
        var context: String? {
            node.map { "Bad node spec for node. Name: \($0.name.text(in: file)) OpType: \($0.opType.text(in: file))" }
        }
    }

    /// The names visible in a graph: its own and its ancestors'.
    struct Lexical {
        var frames: [ONNXNameSet]
        let file: MappedFile
        init(_ file: MappedFile) {
            self.file = file
            self.frames = [ONNXNameSet(file)]
        }
        func thisGraphHas(_ name: ONNXName) -> Bool { frames[frames.count - 1].contains(name) }
        func anyHas(_ name: ONNXName) -> Bool { frames.contains { $0.contains(name) } }
        mutating func add(_ name: ONNXName) { frames[frames.count - 1].insert(name) }
        /// Makes room in this graph's frame for `count` names, up to `ONNXNameSet.maxReserved`.
        mutating func reserve(_ count: Int) { frames[frames.count - 1].reserve(count) }
        /// Adds `name` to this graph; true when some graph already had it.
        mutating func addWasPresent(_ name: ONNXName) -> Bool {
            frames.dropLast().contains { $0.contains(name) } || !frames[frames.count - 1].insert(name)
        }
        func child() -> Lexical {
            var child = self
            child.frames.append(ONNXNameSet(file))
            return child
        }
    }

    init(model: ONNXModel, file: MappedFile) {
        self.model = model
        self.file = file
        self.externals = ONNXExternalFiles(file: file)
    }

    var ir: Int64 { model.irVersion ?? 0 }

    func at(_ offset: Int) -> String { Finding.location(path, offset) }
    func text(_ name: ONNXName) -> String { name.text(in: file) }

    /// Runs every check.
    mutating func run() throws {
        if ir == 0 {
            findings.add(.irVersionMissing, "ir_version is missing or 0",
                         checker: "The model does not have an ir_version set properly.", location: path)
        }
        let newest = FormatSignatures.onnxNewestIRVersion
        if ir > newest {
            findings.add(.irVersionTooNew, "ir_version \(ir) is newer than the newest known (\(newest))",
                         checker: "Your model ir_version \(ir) is higher than the checker's (\(newest)).", location: path)
        }
        var keys = Set<String>()
        for entry in model.metadata where !keys.insert(entry.key ?? "").inserted {
            findings.add(.repeatedMetadataKey, "metadata_props repeats the key \"\(entry.key ?? "")\"",
                         checker: "Your model has duplicate keys in metadata_props.", location: at(entry.offset))
            break
        }
        var opsets: [String: Int64] = [:]
        for opset in model.opsets { opsets[opset.domain] = opset.version }
        if ir >= 3, opsets.isEmpty {
            findings.add(.opsetImport, "no opset_import although the IR version is \(ir)",
                         checker: "model with IR version >= 3 must specify opset_import for ONNX", location: path)
        } else if ir < 3 {
            if opsets.isEmpty {
                opsets[""] = 1
            } else {
                findings.add(.opsetImport, "opset_import in a model of IR version \(ir) (< 3)",
                             checker: "model with IR version < 3 cannot have opset_import specified", location: path)
            }
        }
        let scope = Scope(opsets: opsets, subgraphPath: "", file: file)
        operators = try checkGraph(model.graph ?? ONNXGraph(offset: 0), scope, Lexical(file))
        if ir >= 8 { try checkFunctions() }
    }

    /// Checks `graph` and every graph below it; returns its operator histogram (first-seen order).
    @discardableResult
    mutating func checkGraph(_ graph: ONNXGraph, _ scope: Scope, _ parent: Lexical) throws -> [(name: String, count: Int)] {
        if graph.name.isEmpty {
            findings.add(.requiredField, "a graph has no name", checker: "Field 'name' of 'graph' is required to be non-empty.",
                         context: scope.context, location: at(graph.offset))
        }
        for value in graph.inputs { checkValueInfo(value, scope) }
        for value in graph.outputs { checkValueInfo(value, scope) }
        var lexical = parent.child()
        for value in graph.inputs {
            if !lexical.frames[lexical.frames.count - 1].insert(value.nameRange) {
                findings.add(.duplicateInput, "graph \"\(graph.name)\" has two inputs named \"\(value.name)\"",
                             checker: "Graph must be in single static assignment (SSA) form, however '\(value.name)' has been used as graph input names multiple times.",
                             context: scope.context, location: at(value.offset))
            }
        }
        var initializers = ONNXNameSet(file)
        for tensor in graph.initializers {
            let name = tensor.displayName
            if tensor.name == nil {
                findings.add(.requiredField, "an initializer has no name", checker: "Field 'name' of 'init' is required but missing.",
                             context: scope.context, location: at(tensor.offset))
            } else if name.isEmpty {
                findings.add(.requiredField, "an initializer has an empty name",
                             checker: "Tensor initializers must have a non-empty name", context: scope.context,
                             location: at(tensor.offset))
            }
            if !initializers.insert(tensor.nameRange) {
                findings.add(.duplicateInitializer, "two initializers are named \"\(name)\"", checker: "\(name) initializer name is not unique",
                             context: scope.context, location: at(tensor.offset))
            }
            checkTensor(tensor, scope)
            if ir <= 3 {
                if !lexical.thisGraphHas(tensor.nameRange) {
                    findings.add(.initializerNotInput, "initializer \"\(name)\" is not a graph input, as IR version \(ir) requires",
                                 checker: "\(name) in initializer but not in graph input", context: scope.context,
                                 location: at(tensor.offset))
                }
            } else {
                lexical.add(tensor.nameRange)
            }
        }
        for sparse in graph.sparseInitializers {
            let name = sparse.values?.name ?? ""
            let range = sparse.values?.nameRange ?? .empty
            if sparse.values?.name == nil {
                findings.add(.requiredField, "a sparse initializer's values have no name",
                             checker: "Field 'name' of 'values' is required but missing.", context: scope.context,
                             location: at(sparse.offset))
            } else if name.isEmpty {
                findings.add(.requiredField, "a sparse initializer has an empty name",
                             checker: "Sparse tensor initializers must have a non-empty name", context: scope.context,
                             location: at(sparse.offset))
            }
            if !initializers.insert(range) {
                findings.add(.duplicateInitializer, "two initializers are named \"\(name)\"",
                             checker: "\(name) sparse initializer name is not unique across initializers and sparse_initializers",
                             context: scope.context, location: at(sparse.offset))
            }
            checkSparseTensor(sparse, scope)
            lexical.add(range)
        }
        var histogram = OperatorHistogram()
        var nodes = graph.nodes.makeReader()
        var previous: (opType: ONNXName, domain: ONNXName, op: String)?
        var index = -1
        var inner = scope
        lexical.reserve(graph.inputs.count + graph.initializers.count + graph.sparseInitializers.count + graph.nodes.outputs)
        while try nodes.next() {
            index += 1
            let node = nodes.node
            // Runs of one operator are the rule: its name is made once a run.
            let op = previous.flatMap { node.hasOp($0.opType, $0.domain, in: file) ? $0.op : nil } ?? node.qualifiedOp(in: file)
            previous = (node.opType, node.domain, op)
            histogram.count(op)
            for input in node.inputs where !input.isEmpty && !lexical.anyHas(input) {
                let input = text(input)
                findings.add(.undefinedInput,
                             "node \"\(text(node.name))\" (\(text(node.opType))) reads \"\(input)\", which is no graph input, initializer or earlier node output",
                             checker: "Nodes in a graph must be topologically sorted, however input '\(input)' of node: \nname: \(text(node.name)) OpType: \(text(node.opType))\n is not output of any previous nodes.",
                             context: scope.context, location: at(node.offset))
            }
            if scope.node == nil { inner.node = (node.name, node.opType) }
            try checkNode(node, inner, lexical, index: index, op: op)
            for output in node.outputs where !output.isEmpty && lexical.addWasPresent(output) {
                findings.add(.producedTwice, "\"\(text(output))\" is produced again by node \"\(text(node.name))\" (\(text(node.opType)))",
                             checker: "Graph must be in single static assignment (SSA) form, however '\(text(output))' has been used as output names multiple times.",
                             context: scope.context, location: at(node.offset))
            }
        }
        return histogram.entries
    }

    mutating func checkValueInfo(_ value: ONNXValueInfo, _ scope: Scope) {
        func missing(_ what: String, of owner: String) {
            findings.add(.requiredField, "value \"\(value.name)\" lacks its \(what)",
                         checker: "Field '\(what)' of '\(owner)' is required but missing.", context: scope.context,
                         location: at(value.offset))
        }
        if value.name.isEmpty {
            findings.add(.requiredField, "a graph input or output has no name",
                         checker: "Field 'name' of 'value_info' is required to be non-empty.", context: scope.context,
                         location: at(value.offset))
        }
        if case .tensor(let elem?, _)? = value.type, ONNXDataType(code: elem) == nil {
            findings.add(.undefinedDataType, "value \"\(value.name)\" has element type \(elem), which ONNX does not define",
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
            findings.add(.requiredField, "value \"\(value.name)\" has a type with no case set",
                         checker: "Unrecognized type value case (value_info name: \(value.name)): 0", context: scope.context,
                         location: at(value.offset))
        }
    }

    mutating func checkNode(_ node: ONNXNode, _ scope: Scope, _ lexical: Lexical, index: Int, op: String) throws {
        let offset = node.offset
        if node.opType.isEmpty {
            findings.add(.requiredField, "node \"\(text(node.name))\" has no op_type",
                         checker: "Field 'op_type' of 'node' is required to be non-empty.", context: scope.context, location: at(offset))
        }
        if node.inputs.isEmpty && node.outputs.isEmpty {
            findings.add(.requiredField, "node \"\(text(node.name))\" (\(text(node.opType))) has no inputs and no outputs",
                         checker: "NodeProto (name: \(text(node.name)), type: \(text(node.opType))) has zero input and zero output.",
                         context: scope.context, location: at(offset))
        }
        if !scope.imports(node.domain, text(node.domain)) {
            let domain = text(node.domain)
            findings.add(.domainNotImported, "node \"\(text(node.name))\" (\(text(node.opType))) uses domain \"\(domain)\", which has no opset import",
                         checker: "No opset import for domain '\(domain)'", context: scope.context, location: at(offset))
        }
        var seen = Set<String>()
        for attribute in node.attributes {
            if node.attributes.count > 1, !seen.insert(attribute.name).inserted {
                findings.add(.requiredField, "node \"\(text(node.name))\" has attribute \"\(attribute.name)\" twice",
                             checker: "Attribute '\(attribute.name)' appeared multiple times.", context: scope.context,
                             location: at(attribute.offset))
            }
            var sub = scope
            if let path = scope.subgraphPath, attribute.graph != nil || !attribute.graphs.isEmpty {
                let label = node.name.isEmpty ? "\(text(node.opType))#\(index)" : text(node.name)
                sub.subgraphPath = path + label + "." + attribute.name
            }
            try checkAttribute(attribute, sub, lexical, op: op)
        }
    }

    /// The attribute kinds in the order onnx's checker tests their value fields.
    static let attributeCheckOrder: [ONNXSchema.AttributeType] = [
        .float, .int, .string, .tensor, .graph, .typeProto, .sparseTensor,
        .floats, .ints, .strings, .tensors, .graphs, .sparseTensors, .typeProtos,
    ]

    /// Checks an attribute; `scope.subgraphPath` is the path its graphs are listed under.
    mutating func checkAttribute(_ attribute: ONNXAttribute, _ scope: Scope, _ lexical: Lexical, op: String) throws {
        let name = attribute.name
        let offset = attribute.offset
        func malformed(_ message: @autoclosure () -> String, _ checker: @autoclosure () -> String) {
            findings.add(.requiredField, message(), checker: checker(), context: scope.context, location: at(offset))
        }
        if name.isEmpty { malformed("an attribute has no name", "Field 'name' of 'attr' is required to be non-empty.") }
        if ir >= 2, attribute.type == nil {
            malformed("attribute \"\(name)\" has no type", "Field 'type' of 'attr' is required but missing.")
        }
        var used = 0
        var mismatched = false
        for kind in Self.attributeCheckOrder where attribute.valueFields & (1 << UInt32(kind.valueField!.rawValue)) != 0 {
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
        let held = attribute.graphs.count + (attribute.graph == nil ? 0 : 1)
        var k = 0
        if let graph = attribute.graph { try checkSubgraph(graph, scope, lexical, op: op, name: name, k: &k, of: held) }
        for tensor in attribute.tensors { checkTensor(tensor, scope) }
        for sparse in attribute.sparseTensors { checkSparseTensor(sparse, scope) }
        for graph in attribute.graphs { try checkSubgraph(graph, scope, lexical, op: op, name: name, k: &k, of: held) }
    }

    /// Checks a graph held by an attribute, listing it in `subgraphs` (main graph only) before
    /// the graphs below it, with the histogram made while its nodes are checked.
    mutating func checkSubgraph(_ graph: ONNXGraph, _ scope: Scope, _ lexical: Lexical, op: String, name: String,
                                k: inout Int, of held: Int) throws {
        var sub = scope
        sub.isMainGraph = false
        defer { k += 1 }
        guard let path = scope.subgraphPath else {
            sub.subgraphPath = nil
            try checkGraph(graph, sub, lexical)
            return
        }
        let place = path + (held > 1 ? "[\(k)]" : "")
        sub.subgraphPath = place + "/"
        guard subgraphs.count < Self.maxSubgraphs else {
            subgraphsLeftOut += 1
            sub.subgraphPath = nil
            try checkGraph(graph, sub, lexical)
            return
        }
        let slot = subgraphs.count
        subgraphs.append(ONNXSection.Subgraph(path: place, opType: op, attribute: name, name: graph.name,
                                              nodeCount: graph.nodes.count, operators: [],
                                              initializers: graph.initializers.count))
        let operators = try checkGraph(graph, sub, lexical)
        subgraphs[slot].operators = ONNXReport.histogram(operators)
    }
}

/// Operator → count in first-seen order, naming at most `ONNXChecker.maxOperators` operators.
struct OperatorHistogram {
    private var order: [String] = []
    private var counts: [String: Int] = [:]
    private var last: (name: String, index: Int)?
    private var counted: [Int] = []

    mutating func count(_ name: String) {
        if let last, last.name == name {
            counted[last.index] += 1
            return
        }
        let index: Int
        if let known = counts[name] {
            index = known
        } else if order.count < ONNXChecker.maxOperators {
            index = order.count
            order.append(name)
            counted.append(0)
            counts[name] = index
        } else if let other = counts[ONNXChecker.otherOperators] {
            index = other
        } else {
            index = order.count
            order.append(ONNXChecker.otherOperators)
            counted.append(0)
            counts[ONNXChecker.otherOperators] = index
        }
        counted[index] += 1
        last = (name, index)
    }

    var entries: [(name: String, count: Int)] { Array(zip(order, counted)) }
}
