import ModelArtifact

/// The report's `tflite` section: what the common members do not hold (operator codes, buffers,
/// quantization, sparse and variable tensors, metadata entries, signature defs).
enum TFLiteSection {
    /// The section of `model`.
    static func json(_ model: TFLiteModel) -> JSONValue {
        var o = JSONObject()
        o.append("version", .int(Int64(model.version)))
        if let description = model.description { o.append("description", .string(description)) }
        o.append("operator_codes", .array(model.operatorCodes.map(operatorCode)))
        o.append("subgraphs", .array(model.subgraphs.map { graph in
            var g = JSONObject()
            if let name = graph.name { g.append("name", .string(name)) }
            g.append("tensor_count", .int(Int64(graph.tensors.count)))
            g.append("operator_count", .int(Int64(graph.operators.count)))
            return .object(g)
        }))
        o.append("buffers", buffers(model))
        var quantized: [JSONValue] = [], sparse: [JSONValue] = [], variables: [JSONValue] = []
        for (g, graph) in model.subgraphs.enumerated() {
            for (t, tensor) in graph.tensors.enumerated() {
                if let q = tensor.quantization, !q.isEmpty { quantized.append(quantization(q, tensor, g, t)) }
                if let s = tensor.sparsity { sparse.append(sparsity(s, tensor, g, t)) }
                if tensor.isVariable { variables.append(.object(reference(tensor, g, t))) }
            }
        }
        o.append("quantization", .array(quantized))
        o.append("sparse_tensors", .array(sparse))
        o.append("variable_tensors", .array(variables))
        o.append("metadata", .array(model.metadata.map { metadata($0, model) }))
        if !model.metadataBuffer.isEmpty {
            o.append("metadata_buffer", .array(model.metadataBuffer.map { .int(Int64($0)) }))
        }
        o.append("signature_defs", .array(model.signatureDefs.map { signature($0, model) }))
        return .object(o)
    }

    private static func operatorCode(_ code: TFLiteOperatorCode) -> JSONValue {
        var o = JSONObject()
        o.append("name", .string(code.name))
        o.append("builtin_code", .int(Int64(code.builtinCode)))
        if let custom = code.customCode { o.append("custom_code", .string(custom)) }
        o.append("version", .int(Int64(code.version)))
        return .object(o)
    }

    private static func buffers(_ model: TFLiteModel) -> JSONValue {
        var withData = 0, inlineBytes: UInt64 = 0, external = 0, externalBytes: UInt64 = 0
        for buffer in model.buffers where buffer.length > 0 {
            withData += 1
            if buffer.isExternal {
                external += 1
                externalBytes &+= buffer.length
            } else {
                inlineBytes &+= buffer.length
            }
        }
        var o = JSONObject()
        o.append("count", .int(Int64(model.buffers.count)))
        o.append("with_data", .int(Int64(withData)))
        o.append("inline_bytes", .uint(inlineBytes))
        o.append("offset_buffers", .int(Int64(external)))
        o.append("offset_bytes", .uint(externalBytes))
        return .object(o)
    }

    /// `graph`, `tensor` (index) and `name` of a tensor.
    private static func reference(_ tensor: TFLiteTensor, _ g: Int, _ t: Int) -> JSONObject {
        var o = JSONObject()
        o.append("graph", .int(Int64(g)))
        o.append("tensor", .int(Int64(t)))
        o.append("name", .string(tensor.name))
        return o
    }

    private static func quantization(_ q: TFLiteQuantization, _ tensor: TFLiteTensor, _ g: Int, _ t: Int) -> JSONValue {
        var o = reference(tensor, g, t)
        if q.channels <= TFLiteSeries<Float>.listed {
            o.append("scale", .array(q.scale.values.map { .float($0) }))
            o.append("zero_point", .array(q.zeroPoint.values.map { .int($0) }))
        } else {
            o.append("channels", .int(Int64(q.channels)))
            if let low = q.scale.min, let high = q.scale.max { o.append("scale_range", .array([.float(low), .float(high)])) }
            if let low = q.zeroPoint.min, let high = q.zeroPoint.max {
                o.append("zero_point_range", .array([.int(low), .int(high)]))
            }
        }
        o.append("quantized_dimension", .int(Int64(q.quantizedDimension)))
        if let block = q.blockwise {
            o.append("blockwise", .object(["scales": .int(Int64(block.scales)), "zero_points": .int(Int64(block.zeroPoints)),
                                           "block_size": .int(Int64(block.blockSize))]))
        }
        if let custom = q.customLength { o.append("custom_bytes", .int(Int64(custom))) }
        return .object(o)
    }

    private static func sparsity(_ s: TFLiteSparsity, _ tensor: TFLiteTensor, _ g: Int, _ t: Int) -> JSONValue {
        var o = reference(tensor, g, t)
        o.append("traversal_order", .array(s.traversalOrder.map { .int(Int64($0)) }))
        o.append("block_map", .array(s.blockMap.map { .int(Int64($0)) }))
        o.append("dimensions", .array(s.dimensionFormats.map { format in
            let known = format >= 0 && Int(format) < TFLiteSchema.dimensionTypes.count
            return .string(known ? TFLiteSchema.dimensionTypes[Int(format)] : "FORMAT_\(format)")
        }))
        return .object(o)
    }

    private static func metadata(_ entry: TFLiteMetadata, _ model: TFLiteModel) -> JSONValue {
        var o = JSONObject()
        o.append("name", .string(entry.name))
        o.append("buffer", .int(Int64(entry.buffer)))
        if Int(entry.buffer) < model.buffers.count {
            o.append("size", .uint(model.buffers[Int(entry.buffer)].length))
        }
        if let text = entry.text { o.append("text", .string(text)) }
        return .object(o)
    }

    private static func signature(_ signature: TFLiteSignatureDef, _ model: TFLiteModel) -> JSONValue {
        let graph = Int(signature.subgraphIndex) < model.subgraphs.count ? model.subgraphs[Int(signature.subgraphIndex)] : nil
        func maps(_ list: [TFLiteTensorMap]) -> JSONValue {
            .array(list.map { map in
                var o = JSONObject()
                if let name = map.name { o.append("name", .string(name)) }
                o.append("tensor", .int(Int64(map.tensorIndex)))
                if let graph, Int(map.tensorIndex) < graph.tensors.count {
                    o.append("tensor_name", .string(graph.tensors[Int(map.tensorIndex)].name))
                }
                return .object(o)
            })
        }
        var o = JSONObject()
        if let key = signature.key { o.append("key", .string(key)) }
        o.append("subgraph", .int(Int64(signature.subgraphIndex)))
        o.append("inputs", maps(signature.inputs))
        o.append("outputs", maps(signature.outputs))
        return .object(o)
    }
}
