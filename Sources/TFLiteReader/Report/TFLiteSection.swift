import ModelArtifact

/// The report's `tflite` section: what the common members do not hold (operator codes, buffers,
/// quantization, sparse and variable tensors, metadata entries, signature defs).
public struct TFLiteSection: ReportSection, Equatable {
    public static let key = "tflite"

    /// The schema version.
    public var version: UInt32
    /// The model's description, when written.
    public var description: String?
    /// The operator codes, in order.
    public var operatorCodes: [TFLiteOperatorCode]
    /// Each subgraph's name and sizes.
    public var subgraphs: [Subgraph]
    /// The buffers, counted.
    public var buffers: Buffers
    /// Every quantized tensor, subgraph by subgraph in tensor order.
    public var quantization: [Quantization]
    /// Every sparse tensor, likewise.
    public var sparseTensors: [SparseTensor]
    /// Every variable tensor, likewise.
    public var variableTensors: [TensorReference]
    /// The metadata entries, in order.
    public var metadata: [Metadata]
    /// The deprecated `metadata_buffer` indices.
    public var metadataBuffer: [Int32]
    /// The signature defs, in order.
    public var signatureDefs: [Signature]

    /// A subgraph's name and sizes.
    public struct Subgraph: Sendable, Equatable {
        public var name: String?
        public var tensorCount: Int, operatorCount: Int
    }

    /// The buffers: how many, how many hold bytes, and how many bytes inline or after the FlatBuffer.
    public struct Buffers: Sendable, Equatable {
        public var count = 0, withData = 0
        /// Bytes held inline by the FlatBuffer.
        public var inlineBytes: UInt64 = 0
        /// Buffers, and their bytes, at an offset after the FlatBuffer.
        public var offsetBuffers = 0, offsetBytes: UInt64 = 0
    }

    /// A tensor by subgraph and index, with its name.
    public struct TensorReference: Sendable, Equatable {
        public var graph: Int, tensor: Int
        public var name: String
    }

    /// A quantized tensor and its parameters.
    public struct Quantization: Sendable, Equatable {
        public var tensor: TensorReference
        public var parameters: TFLiteQuantization

        /// True when every scale and zero point is listed; else only their ranges are.
        public var isListed: Bool { parameters.channels <= TFLiteSeries<Float>.listed }
    }

    /// A sparse tensor and its layout.
    public struct SparseTensor: Sendable, Equatable {
        public var tensor: TensorReference
        public var sparsity: TFLiteSparsity
    }

    /// A metadata entry, with its buffer's size when the buffer exists.
    public struct Metadata: Sendable, Equatable {
        public var name: String
        public var buffer: UInt32
        public var size: UInt64?
        /// The buffer's bytes as text, when they are a short printable string.
        public var text: String?
    }

    /// A signature def: named inputs and outputs of one subgraph.
    public struct Signature: Sendable, Equatable {
        public var key: String?
        public var subgraph: UInt32
        public var inputs: [NamedTensor], outputs: [NamedTensor]
    }

    /// One tensor of a signature: its alias, index, and name when the index is valid.
    public struct NamedTensor: Sendable, Equatable {
        public var name: String?
        public var tensor: UInt32
        public var tensorName: String?
    }

    /// The section of `model`.
    init(_ model: TFLiteModel) {
        version = model.version
        description = model.description
        operatorCodes = model.operatorCodes
        subgraphs = model.subgraphs.map { Subgraph(name: $0.name, tensorCount: $0.tensors.count, operatorCount: $0.operators.count) }
        buffers = Buffers(count: model.buffers.count)
        for buffer in model.buffers where buffer.length > 0 {
            buffers.withData += 1
            if buffer.isExternal {
                buffers.offsetBuffers += 1
                buffers.offsetBytes &+= buffer.length
            } else {
                buffers.inlineBytes &+= buffer.length
            }
        }
        quantization = []
        sparseTensors = []
        variableTensors = []
        for (g, graph) in model.subgraphs.enumerated() {
            for (t, tensor) in graph.tensors.enumerated() {
                let reference = TensorReference(graph: g, tensor: t, name: tensor.name)
                if let q = tensor.quantization, !q.isEmpty { quantization.append(Quantization(tensor: reference, parameters: q)) }
                if let s = tensor.sparsity { sparseTensors.append(SparseTensor(tensor: reference, sparsity: s)) }
                if tensor.isVariable { variableTensors.append(reference) }
            }
        }
        metadata = model.metadata.map { entry in
            Metadata(name: entry.name, buffer: entry.buffer,
                     size: Int(entry.buffer) < model.buffers.count ? model.buffers[Int(entry.buffer)].length : nil, text: entry.text)
        }
        metadataBuffer = model.metadataBuffer
        signatureDefs = model.signatureDefs.map { signature in
            let graph = Int(signature.subgraphIndex) < model.subgraphs.count ? model.subgraphs[Int(signature.subgraphIndex)] : nil
            func named(_ list: [TFLiteTensorMap]) -> [NamedTensor] {
                list.map { map in
                    let known = graph.flatMap { Int(map.tensorIndex) < $0.tensors.count ? $0.tensors[Int(map.tensorIndex)].name : nil }
                    return NamedTensor(name: map.name, tensor: map.tensorIndex, tensorName: known)
                }
            }
            return Signature(key: signature.key, subgraph: signature.subgraphIndex, inputs: named(signature.inputs),
                             outputs: named(signature.outputs))
        }
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("version", .int(Int64(version)))
        if let description { o.append("description", .string(description)) }
        o.append("operator_codes", .array(operatorCodes.map(Self.operatorCode)))
        o.append("subgraphs", .array(subgraphs.map { graph in
            var g = JSONObject()
            if let name = graph.name { g.append("name", .string(name)) }
            g.append("tensor_count", .int(Int64(graph.tensorCount)))
            g.append("operator_count", .int(Int64(graph.operatorCount)))
            return .object(g)
        }))
        var b = JSONObject()
        b.append("count", .int(Int64(buffers.count)))
        b.append("with_data", .int(Int64(buffers.withData)))
        b.append("inline_bytes", .uint(buffers.inlineBytes))
        b.append("offset_buffers", .int(Int64(buffers.offsetBuffers)))
        b.append("offset_bytes", .uint(buffers.offsetBytes))
        o.append("buffers", .object(b))
        o.append("quantization", .array(quantization.map(\.json)))
        o.append("sparse_tensors", .array(sparseTensors.map(\.json)))
        o.append("variable_tensors", .array(variableTensors.map { .object($0.json) }))
        o.append("metadata", .array(metadata.map { entry in
            var m = JSONObject()
            m.append("name", .string(entry.name))
            m.append("buffer", .int(Int64(entry.buffer)))
            if let size = entry.size { m.append("size", .uint(size)) }
            if let text = entry.text { m.append("text", .string(text)) }
            return .object(m)
        }))
        if !metadataBuffer.isEmpty { o.append("metadata_buffer", .array(metadataBuffer.map { .int(Int64($0)) })) }
        o.append("signature_defs", .array(signatureDefs.map(\.json)))
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

    public func mapStrings(_ transform: (String) -> String) -> TFLiteSection {
        var c = self
        c.description = description.mapStrings(transform)
        c.operatorCodes = operatorCodes.map { code in
            var copy = code
            copy.customCode = code.customCode.mapStrings(transform)
            return copy
        }
        c.subgraphs = subgraphs.map { Subgraph(name: $0.name.mapStrings(transform), tensorCount: $0.tensorCount, operatorCount: $0.operatorCount) }
        func reference(_ r: TensorReference) -> TensorReference { TensorReference(graph: r.graph, tensor: r.tensor, name: transform(r.name)) }
        c.quantization = quantization.map { Quantization(tensor: reference($0.tensor), parameters: $0.parameters) }
        c.sparseTensors = sparseTensors.map { SparseTensor(tensor: reference($0.tensor), sparsity: $0.sparsity) }
        c.variableTensors = variableTensors.map(reference)
        c.metadata = metadata.map { Metadata(name: transform($0.name), buffer: $0.buffer, size: $0.size, text: $0.text.mapStrings(transform)) }
        func named(_ list: [NamedTensor]) -> [NamedTensor] {
            list.map { NamedTensor(name: $0.name.mapStrings(transform), tensor: $0.tensor, tensorName: $0.tensorName.mapStrings(transform)) }
        }
        c.signatureDefs = signatureDefs.map { Signature(key: $0.key.mapStrings(transform), subgraph: $0.subgraph,
                                                        inputs: named($0.inputs), outputs: named($0.outputs)) }
        return c
    }
}

extension TFLiteSection.TensorReference {
    /// `graph`, `tensor` (index) and `name`.
    var json: JSONObject {
        var o = JSONObject()
        o.append("graph", .int(Int64(graph)))
        o.append("tensor", .int(Int64(tensor)))
        o.append("name", .string(name))
        return o
    }
}

extension TFLiteSection.Quantization {
    var json: JSONValue {
        let q = parameters
        var o = tensor.json
        if isListed {
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
}

extension TFLiteSection.SparseTensor {
    var json: JSONValue {
        var o = tensor.json
        o.append("traversal_order", .array(sparsity.traversalOrder.map { .int(Int64($0)) }))
        o.append("block_map", .array(sparsity.blockMap.map { .int(Int64($0)) }))
        o.append("dimensions", .array(sparsity.dimensionFormats.map { format in
            let known = format >= 0 && Int(format) < TFLiteSchema.dimensionTypes.count
            return .string(known ? TFLiteSchema.dimensionTypes[Int(format)] : "FORMAT_\(format)")
        }))
        return .object(o)
    }
}

extension TFLiteSection.Signature {
    var json: JSONValue {
        func maps(_ list: [TFLiteSection.NamedTensor]) -> JSONValue {
            .array(list.map { map in
                var o = JSONObject()
                if let name = map.name { o.append("name", .string(name)) }
                o.append("tensor", .int(Int64(map.tensor)))
                if let tensorName = map.tensorName { o.append("tensor_name", .string(tensorName)) }
                return .object(o)
            })
        }
        var o = JSONObject()
        if let key { o.append("key", .string(key)) }
        o.append("subgraph", .int(Int64(subgraph)))
        o.append("inputs", maps(inputs))
        o.append("outputs", maps(outputs))
        return .object(o)
    }
}
