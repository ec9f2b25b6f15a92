import ModelArtifact

/// The rules a readable TFLite model can still break, checked over the parsed tables.
enum TFLiteChecks {
    /// Every finding for `model`, in the order of `TFLiteFindingList`'s codes within each table.
    static func findings(_ model: TFLiteModel) -> [Finding] {
        var list = TFLiteFindingList(file: model.path)
        if model.version != TFLiteSchema.version { list.version(model.version, at: model.range.lowerBound) }
        if model.misaligned.count > 0, let first = model.misaligned.first {
            list.misaligned(count: model.misaligned.count, first: first)
        }
        for (index, code) in model.operatorCodes.enumerated() where !code.isKnown {
            list.unknownBuiltin(code.builtinCode, index: index, at: code.position)
        }
        for (g, graph) in model.subgraphs.enumerated() {
            checkTensors(model, graph, g, &list)
            checkOperators(model, graph, g, &list)
        }
        checkBuffers(model, &list)
        checkReferences(model, &list)
        return list.all
    }

    /// The buffer's absolute byte range when it holds bytes inside the model, else nil.
    static func byteRange(_ buffer: TFLiteBuffer, in model: TFLiteModel) -> Range<Int>? {
        if let data = buffer.data, !data.isEmpty { return data }
        guard buffer.isExternal, buffer.size > 0 else { return nil }
        let (end, overflow) = buffer.offset.addingReportingOverflow(buffer.size)
        guard !overflow, end <= UInt64(model.range.count) else { return nil }
        return (model.range.lowerBound + Int(buffer.offset))..<(model.range.lowerBound + Int(end))
    }

    private static func checkTensors(_ model: TFLiteModel, _ graph: TFLiteSubgraph, _ g: Int, _ list: inout TFLiteFindingList) {
        for tensor in graph.tensors {
            guard let dtype = tensor.dtype else {
                list.unknownType(tensor.name, graph: g, type: tensor.type, at: tensor.position)
                continue
            }
            let index = Int(tensor.buffer)
            guard index < model.buffers.count else {
                if index != 0 {
                    list.bufferIndex(tensor.name, graph: g, index: tensor.buffer, count: model.buffers.count, at: tensor.position)
                }
                continue
            }
            let length = model.buffers[index].length
            guard length > 0, tensor.sparsity == nil, let elements = tensor.dimensions.elementCount,
                  let needed = dtype.byteCount(elements: elements), length < UInt64(needed) else { continue }
            list.shortData(tensor.name, graph: g, length: length, expected: needed, at: tensor.position)
        }
    }

    private static func checkOperators(_ model: TFLiteModel, _ graph: TFLiteSubgraph, _ g: Int, _ list: inout TFLiteFindingList) {
        let count = graph.tensors.count
        func check(_ indices: [Int32], _ what: String, at position: Int?, optional: Bool) {
            for index in indices where index >= count || index < (optional ? -1 : 0) {
                list.tensorIndex(what, index: Int64(index), graph: g, count: count, at: position)
            }
        }
        check(graph.inputs, "an input of subgraph \(g)", at: graph.position, optional: false)
        check(graph.outputs, "an output of subgraph \(g)", at: graph.position, optional: false)
        for (i, op) in graph.operators.enumerated() {
            if Int(op.opcodeIndex) >= model.operatorCodes.count {
                list.opcodeIndex(graph: g, op: i, index: op.opcodeIndex, count: model.operatorCodes.count, at: op.position)
            }
            check(op.inputs, "an input of operator \(i) of subgraph \(g)", at: op.position, optional: true)
            check(op.outputs, "an output of operator \(i) of subgraph \(g)", at: op.position, optional: false)
            check(op.intermediates, "an intermediate of operator \(i) of subgraph \(g)", at: op.position, optional: false)
        }
    }

    private static func checkBuffers(_ model: TFLiteModel, _ list: inout TFLiteFindingList) {
        var ranges: [(range: Range<Int>, index: Int)] = []
        for (index, buffer) in model.buffers.enumerated() {
            if let range = byteRange(buffer, in: model) {
                ranges.append((range, index))
            } else if buffer.isExternal, buffer.size > 0 {
                list.pastEnd(index, offset: buffer.offset, size: buffer.size, modelSize: model.range.count, at: buffer.position)
            }
        }
        ranges.sort { $0.range.lowerBound < $1.range.lowerBound }
        var reach: (end: Int, index: Int)?
        for (range, index) in ranges {
            if let current = reach, range.lowerBound < current.end {
                list.overlap(current.index, index, at: range.lowerBound)
            }
            if reach == nil || range.upperBound > reach!.end { reach = (range.upperBound, index) }
        }
    }

    private static func checkReferences(_ model: TFLiteModel, _ list: inout TFLiteFindingList) {
        for entry in model.metadata where Int(entry.buffer) >= model.buffers.count {
            list.reference("metadata \"\(entry.name)\" names buffer \(entry.buffer); the model has \(model.buffers.count) buffers",
                           at: model.range.lowerBound)
        }
        for signature in model.signatureDefs {
            let name = signature.key.map { "signature \"\($0)\"" } ?? "a signature"
            guard Int(signature.subgraphIndex) < model.subgraphs.count else {
                list.reference("\(name) names subgraph \(signature.subgraphIndex); the model has \(model.subgraphs.count)",
                               at: model.range.lowerBound)
                continue
            }
            let g = Int(signature.subgraphIndex)
            let count = model.subgraphs[g].tensors.count
            for map in signature.inputs + signature.outputs where Int(map.tensorIndex) >= count {
                list.tensorIndex("\(name) (\(map.name ?? "?"))", index: Int64(map.tensorIndex), graph: g, count: count, at: nil)
            }
        }
    }
}
