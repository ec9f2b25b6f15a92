import ModelArtifact

/// The rules a readable TFLite model can still break, checked over the parsed tables.
enum TFLiteChecks {
    /// The findings of one model, capped per code.
    typealias List = CappedFindings<TFLiteFindingCode>

    /// Every finding for `model`: the model's own, then each subgraph's, the buffers' and the references'.
    static func findings(_ model: TFLiteModel) -> [Finding] {
        var list = List()
        if model.version != TFLiteSchema.version {
            list.add(.schemaVersion, "schema version \(model.version); the TFLite runtime reads only version \(TFLiteSchema.version)",
                     in: model.path, at: model.range.lowerBound)
        }
        if model.misaligned.count > 0, let first = model.misaligned.first {
            list.add(.misaligned,
                     "\(model.misaligned.count) field(s) not aligned to their size; FlatBuffers' verifier, as TFLite runs it, rejects the file",
                     in: model.path, at: first)
        }
        for (index, code) in model.operatorCodes.enumerated() where !code.isKnown {
            list.add(.unknownBuiltin, "operator code \(index) has builtin code \(code.builtinCode), unknown to this schema (a newer TFLite?)",
                     in: model.path, at: code.position)
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

    private static func checkTensors(_ model: TFLiteModel, _ graph: TFLiteSubgraph, _ g: Int, _ list: inout List) {
        for tensor in graph.tensors {
            guard let dtype = tensor.dtype else {
                list.add(.unknownType, "tensor \"\(tensor.name)\" of subgraph \(g) has type \(tensor.type), unknown to this schema (a newer TFLite?)",
                         in: model.path, at: tensor.position)
                continue
            }
            let index = Int(tensor.buffer)
            guard index < model.buffers.count else {
                if index != 0 {
                    list.add(.bufferIndex,
                             "tensor \"\(tensor.name)\" of subgraph \(g) names buffer \(tensor.buffer); the model has \(model.buffers.count) buffers",
                             in: model.path, at: tensor.position)
                }
                continue
            }
            let length = model.buffers[index].length
            guard length > 0, tensor.sparsity == nil, let elements = tensor.dimensions.elementCount,
                  let needed = dtype.byteCount(elements: elements), length < UInt64(needed) else { continue }
            list.add(.shortData, "tensor \"\(tensor.name)\" of subgraph \(g) has \(length) bytes of data; its shape and type need \(needed)",
                     in: model.path, at: tensor.position)
        }
    }

    private static func checkOperators(_ model: TFLiteModel, _ graph: TFLiteSubgraph, _ g: Int, _ list: inout List) {
        let count = graph.tensors.count
        func check(_ indices: [Int32], _ what: String, at position: Int?, optional: Bool) {
            for index in indices where index >= count || index < (optional ? -1 : 0) {
                tensorIndex(what, index: Int64(index), graph: g, count: count, at: position, model, &list)
            }
        }
        check(graph.inputs, "an input of subgraph \(g)", at: graph.position, optional: false)
        check(graph.outputs, "an output of subgraph \(g)", at: graph.position, optional: false)
        for (i, op) in graph.operators.enumerated() {
            if Int(op.opcodeIndex) >= model.operatorCodes.count {
                list.add(.opcodeIndex,
                         "operator \(i) of subgraph \(g) names operator code \(op.opcodeIndex); the model has \(model.operatorCodes.count)",
                         in: model.path, at: op.position)
            }
            check(op.inputs, "an input of operator \(i) of subgraph \(g)", at: op.position, optional: true)
            check(op.outputs, "an output of operator \(i) of subgraph \(g)", at: op.position, optional: false)
            check(op.intermediates, "an intermediate of operator \(i) of subgraph \(g)", at: op.position, optional: false)
        }
    }

    private static func checkBuffers(_ model: TFLiteModel, _ list: inout List) {
        var ranges: [(range: Range<Int>, index: Int)] = []
        for (index, buffer) in model.buffers.enumerated() {
            if let range = byteRange(buffer, in: model) {
                ranges.append((range, index))
            } else if buffer.isExternal, buffer.size > 0 {
                list.add(.bufferPastEnd,
                         "buffer \(index) has \(buffer.size) bytes at offset \(buffer.offset), past the model's \(model.range.count) bytes",
                         in: model.path, at: buffer.position)
            }
        }
        ranges.sort { $0.range.lowerBound < $1.range.lowerBound }
        var reach: (end: Int, index: Int)?
        for (range, index) in ranges {
            if let current = reach, range.lowerBound < current.end {
                list.add(.bufferOverlap, "the bytes of buffers \(current.index) and \(index) overlap", in: model.path, at: range.lowerBound)
            }
            if reach == nil || range.upperBound > reach!.end { reach = (range.upperBound, index) }
        }
    }

    private static func checkReferences(_ model: TFLiteModel, _ list: inout List) {
        for entry in model.metadata where Int(entry.buffer) >= model.buffers.count {
            list.add(.reference, "metadata \"\(entry.name)\" names buffer \(entry.buffer); the model has \(model.buffers.count) buffers",
                     in: model.path, at: model.range.lowerBound)
        }
        for signature in model.signatureDefs {
            let name = signature.key.map { "signature \"\($0)\"" } ?? "a signature"
            guard Int(signature.subgraphIndex) < model.subgraphs.count else {
                list.add(.reference, "\(name) names subgraph \(signature.subgraphIndex); the model has \(model.subgraphs.count)",
                         in: model.path, at: model.range.lowerBound)
                continue
            }
            let g = Int(signature.subgraphIndex)
            let count = model.subgraphs[g].tensors.count
            for map in signature.inputs + signature.outputs where Int(map.tensorIndex) >= count {
                tensorIndex("\(name) (\(map.name ?? "?"))", index: Int64(map.tensorIndex), graph: g, count: count, at: nil, model, &list)
            }
        }
    }

    /// A tensor index past its subgraph's tensors; `what` names where it is, `position` where that is, when known.
    private static func tensorIndex(_ what: String, index: Int64, graph: Int, count: Int, at position: Int?, _ model: TFLiteModel,
                                    _ list: inout List) {
        list.add(.tensorIndex, "\(what) names tensor \(index); subgraph \(graph) has \(count) tensors",
                 location: position.map { Finding.location(model.path, $0) })
    }
}
