import ModelArtifact

/// onnx checker's `check_model_local_functions` and `check_function`, without the operator
/// schemas: names, SSA form, topological order and opset imports inside each local function.
extension ONNXChecker {
    mutating func checkFunctions() {
        for function in model.functions { checkFunction(function) }
    }

    mutating func checkFunction(_ function: ONNXFunction) {
        let name = function.name
        let location = at(function.offset)
        func add(_ code: String, _ message: String, _ checker: String) {
            findings.add(code, message, checker: checker, location: location)
        }
        if name.isEmpty {
            add("ONNX018", "a local function has no name", "Field 'name' of 'function' is required to be non-empty.")
        }
        if ir >= 8, function.domain == nil {
            add("ONNX018", "local function \"\(name)\" has no domain", "Field 'domain' of 'function' is required but missing.")
        }
        var opsets: [String: Int64] = [:]
        for opset in function.opsets { opsets[opset.domain] = opset.version }
        var lexical = Lexical()
        for input in function.inputs {
            if lexical.thisGraphHas(input) {
                add("ONNX005", "local function \"\(name)\" has two inputs named \"\(input)\"",
                    "Graph must be in single static assignment (SSA) form, however '\(input)' has been used multiple times.")
            }
            lexical.add(input)
        }
        if Set(function.outputs).count != function.outputs.count {
            add("ONNX020", "local function \"\(name)\" repeats an output",
                "function (\(name)) should not have duplicate outputs specified.")
        }
        if Set(function.attributes).count != function.attributes.count {
            add("ONNX020", "local function \"\(name)\" repeats an attribute",
                "function (\(name)) should not have duplicate attributes specified.")
        }
        let scope = Scope(isMainGraph: true, opsets: opsets, context: nil)
        for node in function.nodes {
            for input in node.inputs where !input.isEmpty && !lexical.thisGraphHas(input) {
                findings.add("ONNX007",
                             "node \"\(node.name)\" (\(node.opType)) of local function \"\(name)\" reads \"\(input)\", which is no function input or earlier node output",
                             checker: "Nodes in a function must be topologically sorted, however input '\(input)' of node: \nName: \(node.name) OpType: \(node.opType)\n is neither output of any previous nodes nor input of the function.",
                             location: at(node.offset))
            }
            var nodeScope = scope
            if opsets[node.domain] == nil {
                findings.add("ONNX004", "node \"\(node.name)\" (\(node.opType)) of local function \"\(name)\" uses domain \"\(node.domain)\", which the function does not import",
                             checker: "No Opset registered for domain \(node.domain)", location: at(node.offset))
                nodeScope.opsets[node.domain] = 0
            }
            checkNode(node, nodeScope, lexical)
            for output in node.outputs where !output.isEmpty {
                if lexical.anyHas(output) {
                    findings.add("ONNX008", "\"\(output)\" is produced again in local function \"\(name)\"",
                                 checker: "Function must be in single static assignment (SSA) form, however '\(output)' has been used as output names multiple times.",
                                 location: at(node.offset))
                }
                lexical.add(output)
            }
        }
    }
}
