import ModelArtifact

/// Turns a parsed `TFLiteModel` into the report's common members: graphs, weights, metadata.
enum TFLiteReport {
    /// The full report of `model`: the common members, the `tflite` section and the findings.
    static func make(_ model: TFLiteModel) -> ModelReport {
        var report = ModelReport(path: model.path, format: .tflite, size: model.range.count)
        report.formatVersion = String(model.version)
        report.graphs = model.subgraphs.map { graph($0, model) }
        report.tensors = weights(model)
        report.metadata = metadata(model)
        report.set(TFLiteSection(model))
        report.findings = TFLiteChecks.findings(model)
        return report
    }

    /// One graph: name, inputs and outputs (shape from `shape_signature`), operator histogram.
    static func graph(_ graph: TFLiteSubgraph, _ model: TFLiteModel) -> GraphSummary {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for op in graph.operators where Int(op.opcodeIndex) < model.operatorCodes.count {
            let name = model.operatorCodes[Int(op.opcodeIndex)].name
            if counts[name] == nil { order.append(name) }
            counts[name, default: 0] += 1
        }
        return GraphSummary(name: graph.name, inputs: values(graph.inputs, graph), outputs: values(graph.outputs, graph),
                            operators: order.map { ($0, counts[$0]!) }, nodeCount: graph.operators.count)
    }

    /// The tensors at valid `indices` of `graph` as graph inputs or outputs.
    static func values(_ indices: [Int32], _ graph: TFLiteSubgraph) -> [ValueInfo] {
        indices.compactMap { index in
            guard index >= 0, Int(index) < graph.tensors.count else { return nil }
            let tensor = graph.tensors[Int(index)]
            return ValueInfo(name: tensor.name, dtype: tensor.dtype, shape: tensor.signatureShape,
                             type: tensor.dtype == nil ? "tensor type \(tensor.type)" : nil)
        }
    }

    /// Every tensor whose buffer holds bytes, subgraph by subgraph in tensor order, with `graph` set.
    /// An offset buffer past the end of the model gives a tensor without `offset`/`length`.
    static func weights(_ model: TFLiteModel) -> [TensorInfo] {
        var out: [TensorInfo] = []
        for (g, graph) in model.subgraphs.enumerated() {
            for tensor in graph.tensors {
                guard let dtype = tensor.dtype, Int(tensor.buffer) < model.buffers.count else { continue }
                let buffer = model.buffers[Int(tensor.buffer)]
                guard buffer.length > 0 else { continue }
                let range = TFLiteChecks.byteRange(buffer, in: model)
                out.append(TensorInfo(name: tensor.name, dtype: dtype, shape: tensor.dimensions,
                                      offset: range?.lowerBound, length: range?.count, graph: g))
            }
        }
        return out
    }

    /// Metadata entry name → its buffer's size in bytes, as text; nil when the model has none. A name
    /// written twice keeps its first place and its last size.
    static func metadata(_ model: TFLiteModel) -> JSONObject? {
        guard !model.metadata.isEmpty else { return nil }
        var sizes: [String: UInt64] = [:]
        for entry in model.metadata where Int(entry.buffer) < model.buffers.count {
            sizes[entry.name] = model.buffers[Int(entry.buffer)].length
        }
        var out = JSONObject()
        for entry in model.metadata {
            guard let size = sizes.removeValue(forKey: entry.name) else { continue }
            out.append(entry.name, .string(String(size)))
        }
        return out
    }
}
