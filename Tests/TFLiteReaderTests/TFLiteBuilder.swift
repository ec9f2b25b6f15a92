@testable import TFLiteReader

/// Builds small TFLite models for tests, field by field after schema.fbs (through `TFLiteSchema`'s ids).
struct TFLiteBuilder {
    struct Tensor {
        var name: String
        var type: Int8 = 0
        var shape: [Int32]
        var buffer: UInt32 = 0
        var signature: [Int32]? = nil
        var quantization: (scale: [Float], zeroPoint: [Int64], dimension: Int32)? = nil
        var isVariable = false
        var sparse = false
    }

    struct Op {
        var opcode: UInt32
        var inputs: [Int32]
        var outputs: [Int32]
    }

    struct Graph {
        var name: String? = "main"
        var tensors: [Tensor]
        var inputs: [Int32]
        var outputs: [Int32]
        var ops: [Op]
    }

    enum Buffer {
        case empty
        case data([UInt8])
        /// Bytes after the FlatBuffer: `offset` from the model's start, `size`.
        case external(offset: UInt64, size: UInt64)
    }

    var version: UInt32 = 3
    var description: String? = "MLIR Converted."
    /// (builtin code, custom code, version); codes up to 127 are also written to the deprecated byte.
    var opcodes: [(code: Int32, custom: String?, version: Int32)] = []
    var graphs: [Graph] = []
    var buffers: [Buffer] = [.empty]
    var metadata: [(name: String, buffer: UInt32)] = []
    var signatures: [(key: String, subgraph: UInt32, inputs: [(String, UInt32)], outputs: [(String, UInt32)])] = []

    /// A one-graph float model: input [?, 2] → FULLY_CONNECTED(weights [3, 2], bias [3]) → output [?, 3],
    /// with a min_runtime_version metadata entry and a signature.
    static func tiny() -> TFLiteBuilder {
        var b = TFLiteBuilder()
        b.opcodes = [(9, nil, 1)]
        b.buffers = [.empty, .empty, .data([UInt8](repeating: 1, count: 24)), .data([UInt8](repeating: 2, count: 12)),
                     .empty, .data(Array("1.5.0".utf8) + [UInt8](repeating: 0, count: 11))]
        b.graphs = [Graph(tensors: [
            Tensor(name: "serving_default_x:0", shape: [1, 2], buffer: 1, signature: [-1, 2]),
            Tensor(name: "dense/MatMul", shape: [3, 2], buffer: 2),
            Tensor(name: "dense/BiasAdd", shape: [3], buffer: 3),
            Tensor(name: "Identity", shape: [1, 3], buffer: 4, signature: [-1, 3]),
        ], inputs: [0], outputs: [3], ops: [Op(opcode: 0, inputs: [0, 1, 2], outputs: [3])])]
        b.metadata = [("min_runtime_version", 5)]
        b.signatures = [("serving_default", 0, [("x", 0)], [("output_0", 3)])]
        return b
    }

    /// The FlatBuffer, followed by `trailing` bytes (where offset buffers point).
    func bytes(trailing: [UInt8] = []) -> [UInt8] {
        FlatBufferWriter.buffer(model()) + trailing
    }

    func model() -> FB {
        typealias M = TFLiteSchema.Model
        var fields: [Int: FB] = [M.version: .u32(version)]
        if let description { fields[M.description] = .string(description) }
        fields[M.operatorCodes] = .tables(opcodes.map(opcode))
        fields[M.subgraphs] = .tables(graphs.map(graph))
        fields[M.buffers] = .tables(buffers.map(buffer))
        if !metadata.isEmpty {
            fields[M.metadata] = .tables(metadata.map {
                .table([TFLiteSchema.Metadata.name: .string($0.name), TFLiteSchema.Metadata.buffer: .u32($0.buffer)])
            })
        }
        if !signatures.isEmpty { fields[M.signatureDefs] = .tables(signatures.map(signature)) }
        return .table(fields)
    }

    private func opcode(_ code: (code: Int32, custom: String?, version: Int32)) -> FB {
        typealias O = TFLiteSchema.OperatorCode
        var fields: [Int: FB] = [O.builtinCode: .i32(code.code), O.version: .i32(code.version),
                                 O.deprecatedBuiltinCode: .i8(Int8(clamping: min(code.code, 127)))]
        if let custom = code.custom { fields[O.customCode] = .string(custom) }
        return .table(fields)
    }

    private func graph(_ g: Graph) -> FB {
        typealias G = TFLiteSchema.SubGraph
        var fields: [Int: FB] = [G.tensors: .tables(g.tensors.map(tensor)), G.inputs: .int32s(g.inputs),
                                 G.outputs: .int32s(g.outputs), G.operators: .tables(g.ops.map(op))]
        if let name = g.name { fields[G.name] = .string(name) }
        return .table(fields)
    }

    private func tensor(_ t: Tensor) -> FB {
        typealias T = TFLiteSchema.Tensor
        var fields: [Int: FB] = [T.name: .string(t.name), T.type: .i8(t.type), T.shape: .int32s(t.shape), T.buffer: .u32(t.buffer)]
        if let signature = t.signature { fields[T.shapeSignature] = .int32s(signature) }
        if let q = t.quantization {
            typealias Q = TFLiteSchema.Quantization
            fields[T.quantization] = .table([Q.scale: .floats(q.scale), Q.zeroPoint: .int64s(q.zeroPoint),
                                             Q.quantizedDimension: .i32(q.dimension)])
        }
        if t.isVariable { fields[T.isVariable] = .bool(true) }
        if t.sparse {
            typealias S = TFLiteSchema.Sparsity
            fields[T.sparsity] = .table([S.traversalOrder: .int32s([0, 1]),
                                         S.dimMetadata: .tables([.table([0: .i8(0), 1: .i32(2)]), .table([0: .i8(1)])])])
        }
        return .table(fields)
    }

    private func op(_ o: Op) -> FB {
        typealias O = TFLiteSchema.Operator
        return .table([O.opcodeIndex: .u32(o.opcode), O.inputs: .int32s(o.inputs), O.outputs: .int32s(o.outputs)])
    }

    private func buffer(_ b: Buffer) -> FB {
        typealias B = TFLiteSchema.Buffer
        switch b {
        case .empty: return .table([:])
        case .data(let bytes): return .table([B.data: .bytes(bytes)])
        case .external(let offset, let size): return .table([B.offset: .u64(offset), B.size: .u64(size)])
        }
    }

    private func signature(_ s: (key: String, subgraph: UInt32, inputs: [(String, UInt32)], outputs: [(String, UInt32)])) -> FB {
        typealias S = TFLiteSchema.SignatureDef
        typealias T = TFLiteSchema.TensorMap
        func maps(_ list: [(String, UInt32)]) -> FB {
            .tables(list.map { .table([T.name: .string($0.0), T.tensorIndex: .u32($0.1)]) })
        }
        return .table([S.signatureKey: .string(s.key), S.subgraphIndex: .u32(s.subgraph),
                       S.inputs: maps(s.inputs), S.outputs: maps(s.outputs)])
    }
}
