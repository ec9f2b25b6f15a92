import ModelArtifact

/// A TFLite model as its FlatBuffer holds it: every table the report needs, verified, with absolute
/// file positions. Buffer bytes are located, never read.
public struct TFLiteModel: Sendable {
    /// The file (or the file holding the model, for a model embedded in a bundle).
    public var path: String
    /// The absolute range of the file the model occupies (the whole file, or a bundle entry).
    public var range: Range<Int>
    /// `Model.version`, the schema version.
    public var version: UInt32
    /// `Model.description`.
    public var description: String?
    /// `Model.operator_codes`.
    public var operatorCodes: [TFLiteOperatorCode]
    /// `Model.subgraphs`; the first is the main graph.
    public var subgraphs: [TFLiteSubgraph]
    /// `Model.buffers`; buffer 0 is the empty sentinel by convention.
    public var buffers: [TFLiteBuffer]
    /// `Model.metadata`.
    public var metadata: [TFLiteMetadata]
    /// `Model.signature_defs`.
    public var signatureDefs: [TFLiteSignatureDef]
    /// `Model.metadata_buffer` (deprecated): buffer indices.
    public var metadataBuffer: [Int32]
    /// Fields found at positions not aligned to their size (FlatBuffers' Verifier rejects those), and the first.
    public var misaligned: (count: Int, first: Int?)
}

/// An operator code: which kernel an operator runs.
public struct TFLiteOperatorCode: Sendable, Equatable {
    /// `deprecated_builtin_code` (a byte; codes up to 127).
    public var deprecatedBuiltinCode: Int8
    /// `builtin_code` (int32; codes above 127 live only here).
    public var extendedBuiltinCode: Int32
    /// `custom_code`, the kernel's name for `CUSTOM`.
    public var customCode: String?
    /// `version` (1 by default).
    public var version: Int32
    /// Absolute offset of the OperatorCode table.
    public var position: Int

    /// The builtin code as the runtime reads it: `max(builtin_code, deprecated_builtin_code)`.
    public var builtinCode: Int32 { max(extendedBuiltinCode, Int32(deprecatedBuiltinCode)) }

    /// True when the code is one the schema names.
    public var isKnown: Bool { TFLiteSchema.builtinName(builtinCode) != nil }

    /// The name in an operator histogram: the builtin's name, `CUSTOM:<custom_code>`, or `BUILTIN:<code>` for an unknown code.
    public var name: String {
        let code = builtinCode
        if code == TFLiteSchema.customCode, let customCode { return "CUSTOM:" + customCode }
        return TFLiteSchema.builtinName(code) ?? "BUILTIN:\(code)"
    }
}

/// A subgraph: its tensors, inputs, outputs and operators in execution order.
public struct TFLiteSubgraph: Sendable {
    /// `name`.
    public var name: String?
    /// `tensors`.
    public var tensors: [TFLiteTensor]
    /// `inputs`: tensor indices.
    public var inputs: [Int32]
    /// `outputs`: tensor indices.
    public var outputs: [Int32]
    /// `operators`.
    public var operators: [TFLiteOperator]
    /// Absolute offset of the SubGraph table.
    public var position: Int
}

/// A tensor of a subgraph.
public struct TFLiteTensor: Sendable {
    /// `name` ("" when absent).
    public var name: String
    /// `type`, the `TensorType` value.
    public var type: Int8
    /// `shape`.
    public var shape: [Int32]
    /// `shape_signature`: the shape with -1 for unknown dimensions, when written.
    public var shapeSignature: [Int32]?
    /// `buffer`: index into the model's buffers (0: no data).
    public var buffer: UInt32
    /// `quantization`.
    public var quantization: TFLiteQuantization?
    /// `is_variable`.
    public var isVariable: Bool
    /// `sparsity`.
    public var sparsity: TFLiteSparsity?
    /// `has_rank`.
    public var hasRank: Bool
    /// Absolute offset of the Tensor table.
    public var position: Int

    /// The report's dtype, or nil for a type the schema does not know.
    public var dtype: DType? { TFLiteSchema.tensorType(type)?.dtype }

    /// The shape callers see: `shape_signature` when written, else `shape`; negative sizes unknown.
    public var signatureShape: [Dimension] { Self.dimensions(shapeSignature ?? shape) }

    /// `shape` as dimensions (negative sizes unknown).
    public var dimensions: [Dimension] { Self.dimensions(shape) }

    static func dimensions(_ sizes: [Int32]) -> [Dimension] {
        sizes.map { $0 < 0 ? .unknown : .size(Int64($0)) }
    }
}

/// Linear quantization parameters: `f = scale × (q − zero_point)`, per tensor or per channel.
public struct TFLiteQuantization: Sendable, Equatable {
    /// `scale`.
    public var scale: TFLiteSeries<Float>
    /// `zero_point`.
    public var zeroPoint: TFLiteSeries<Int64>
    /// `quantized_dimension`: the axis the scales run along.
    public var quantizedDimension: Int32
    /// `details` union type: 0 none, 1 CustomQuantization, 2 BlockwiseQuantization.
    public var detailsType: UInt8
    /// BlockwiseQuantization: tensor indices of scales and zero points, and the block size.
    public var blockwise: Blockwise?
    /// CustomQuantization: the byte length of its opaque `custom` data.
    public var customLength: Int?

    /// `BlockwiseQuantization`'s fields.
    public struct Blockwise: Sendable, Equatable {
        /// `scales`: the tensor holding the scales.
        public var scales: Int32
        /// `zero_points`: the tensor holding the zero points (-1: none).
        public var zeroPoints: Int32
        /// `block_size`.
        public var blockSize: Int32
    }

    /// Channels: the longer of the scale and zero-point vectors.
    public var channels: Int { max(scale.count, zeroPoint.count) }

    /// True when there is nothing to dequantize with.
    public var isEmpty: Bool { channels == 0 && detailsType == 0 }
}

/// A per-channel vector read once: every value when there are at most `listed`, its range always.
public struct TFLiteSeries<Value: Comparable & Sendable>: Sendable, Equatable {
    /// Values kept in full up to this many; longer vectors keep only their count and range.
    public static var listed: Int { 16 }
    /// Number of values in the file.
    public var count: Int
    /// Every value, when `count` ≤ `listed`; else empty.
    public var values: [Value]
    /// The smallest and largest value (nil when empty; NaN-unaware).
    public var min: Value?, max: Value?

    /// The empty series (an absent vector).
    public static var empty: Self { Self(count: 0, values: [], min: nil, max: nil) }
}

/// How a sparse tensor's values are laid out (TACO format).
public struct TFLiteSparsity: Sendable, Equatable {
    /// `traversal_order`.
    public var traversalOrder: [Int32]
    /// `block_map`.
    public var blockMap: [Int32]
    /// Each `dim_metadata` entry's format: 0 DENSE, 1 SPARSE_CSR.
    public var dimensionFormats: [Int8]
}

/// An operator: which code it runs and which tensors it reads and writes.
public struct TFLiteOperator: Sendable {
    /// `opcode_index` into the model's operator codes.
    public var opcodeIndex: UInt32
    /// `inputs` (-1: an optional input left out).
    public var inputs: [Int32]
    /// `outputs`.
    public var outputs: [Int32]
    /// `intermediates`.
    public var intermediates: [Int32]
    /// Absolute offset of the Operator table.
    public var position: Int
}

/// A buffer: bytes inline in the FlatBuffer, or an offset/size into the bytes after it.
public struct TFLiteBuffer: Sendable, Equatable {
    /// Absolute range of the inline `data` vector's bytes, when present.
    public var data: Range<Int>?
    /// `offset` from the start of the model (valid when > 1).
    public var offset: UInt64
    /// `size` of the bytes at `offset`.
    public var size: UInt64
    /// Absolute offset of the Buffer table.
    public var position: Int

    /// True when the buffer refers to bytes after the FlatBuffer (`offset` > 1, and no inline data).
    public var isExternal: Bool { (data?.isEmpty ?? true) && offset > 1 }

    /// The buffer's length in bytes: the inline data's, or `size` for an offset buffer.
    public var length: UInt64 {
        if let data, !data.isEmpty { return UInt64(data.count) }
        return offset > 1 ? size : 0
    }
}

/// A metadata entry: a name and the buffer holding its bytes.
public struct TFLiteMetadata: Sendable, Equatable {
    /// `name`.
    public var name: String
    /// `buffer` index.
    public var buffer: UInt32
    /// The buffer's bytes as text, when they are a short printable string (`min_runtime_version`'s "2.2.0").
    public var text: String?
}

/// A signature: named inputs and outputs of one subgraph.
public struct TFLiteSignatureDef: Sendable, Equatable {
    /// `signature_key`.
    public var key: String?
    /// `subgraph_index`.
    public var subgraphIndex: UInt32
    /// `inputs`: alias → tensor index.
    public var inputs: [TFLiteTensorMap]
    /// `outputs`: alias → tensor index.
    public var outputs: [TFLiteTensorMap]
}

/// One named tensor of a signature.
public struct TFLiteTensorMap: Sendable, Equatable {
    /// `name`, the alias.
    public var name: String?
    /// `tensor_index` in the signature's subgraph.
    public var tensorIndex: UInt32
}
