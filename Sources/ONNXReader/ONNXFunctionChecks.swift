import ModelArtifact

/// onnx checker's `check_model_local_functions` and `check_function`, without the operator
/// schemas: names, SSA form, topological order and opset imports inside each local function.
extension ONNXChecker {
    mutating func checkFunctions() throws {
        for function in model.functions { try checkFunction(function) }
    }

    mutating func checkFunction(_ function: ONNXFunction) throws {
        let name = function.name
        let location = at(function.offset)
        func add(_ code: ONNXFindingCode, _ message: @autoclosure () -> String, _ checker: @autoclosure () -> String) {
            findings.add(code, message(), checker: checker(), location: location)
        }
        if name.isEmpty {
            add(.requiredField, "a local function has no name", "Field 'name' of 'function' is required to be non-empty.")
        }
        if ir >= 8, function.domain == nil {
            add(.requiredField, "local function \"\(name)\" has no domain", "Field 'domain' of 'function' is required but missing.")
        }
        var opsets: [String: Int64] = [:]
        for opset in function.opsets { opsets[opset.domain] = opset.version }
        var lexical = Lexical(file)
        for input in function.inputs where lexical.addWasPresent(input) {
            let input = text(input)
            add(.duplicateInput, "local function \"\(name)\" has two inputs named \"\(input)\"",
                "Graph must be in single static assignment (SSA) form, however '\(input)' has been used multiple times.")
        }
        var outputs = ONNXNameSet(file)
        if !function.outputs.allSatisfy({ outputs.insert($0) }) {
            add(.functionRepeats, "local function \"\(name)\" repeats an output",
                "function (\(name)) should not have duplicate outputs specified.")
        }
        if Set(function.attributes).count != function.attributes.count {
            add(.functionRepeats, "local function \"\(name)\" repeats an attribute",
                "function (\(name)) should not have duplicate attributes specified.")
        }
        let scope = Scope(isMainGraph: true, opsets: opsets, node: nil, subgraphPath: nil, file: file)
        var nodes = function.nodes.makeReader()
        var index = -1
        while try nodes.next() {
            index += 1
            let node = nodes.node
            for input in node.inputs where !input.isEmpty && !lexical.thisGraphHas(input) {
                let input = text(input)
                findings.add(.undefinedInput,
                             "node \"\(text(node.name))\" (\(text(node.opType))) of local function \"\(name)\" reads \"\(input)\", which is no function input or earlier node output",
                             checker: "Nodes in a function must be topologically sorted, however input '\(input)' of node: \nName: \(text(node.name)) OpType: \(text(node.opType))\n is neither output of any previous nodes nor input of the function.",
                             location: at(node.offset))
            }
            var nodeScope = scope
            let domain = text(node.domain)
            if opsets[domain] == nil {
                findings.add(.domainNotImported, "node \"\(text(node.name))\" (\(text(node.opType))) of local function \"\(name)\" uses domain \"\(domain)\", which the function does not import",
                             checker: "No Opset registered for domain \(domain)", location: at(node.offset))
                nodeScope.opsets[domain] = 0
            }
            try checkNode(node, nodeScope, lexical, index: index, op: "")
            for output in node.outputs where !output.isEmpty && lexical.addWasPresent(output) {
                findings.add(.producedTwice, "\"\(text(output))\" is produced again in local function \"\(name)\"",
                             checker: "Function must be in single static assignment (SSA) form, however '\(text(output))' has been used as output names multiple times.",
                             location: at(node.offset))
            }
        }
    }
}
