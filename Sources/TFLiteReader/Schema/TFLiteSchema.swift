import ModelArtifact

/// The facts of TFLite's FlatBuffer schema, in one place: the field ids (vtable slots) of every table
/// read, the union and enum values, the `TensorType` table and every `BuiltinOperator` name by value.
///
/// Source: `schema.fbs` of TensorFlow Lite (tensorflow/compiler/mlir/lite/schema/schema.fbs, the same
/// file as LiteRT's tflite/converter/schema/schema.fbs, schema version 3 with revisions 3a–3d).
/// A field's id is its position among the table's fields; a union field takes two ids (its type,
/// then its value), and deprecated fields keep theirs.
public enum TFLiteSchema {
    /// The schema version the TFLite runtime reads (`TFLITE_SCHEMA_VERSION`).
    public static let version: UInt32 = 3
    /// `file_identifier "TFL3"`, at offset 4.
    public static let identifier = FormatSignatures.tflite

    /// `table Model`.
    enum Model {
        static let version = 0, operatorCodes = 1, subgraphs = 2, description = 3, buffers = 4
        static let metadataBuffer = 5, metadata = 6, signatureDefs = 7
        static let externalBufferGroups = 8, externalBuffers = 9
    }

    /// `table OperatorCode`.
    enum OperatorCode {
        static let deprecatedBuiltinCode = 0, customCode = 1, version = 2, builtinCode = 3
    }

    /// `table SubGraph`.
    enum SubGraph {
        static let tensors = 0, inputs = 1, outputs = 2, operators = 3, name = 4, debugMetadataIndex = 5
    }

    /// `table Tensor`.
    enum Tensor {
        static let shape = 0, type = 1, buffer = 2, name = 3, quantization = 4, isVariable = 5
        static let sparsity = 6, shapeSignature = 7, hasRank = 8, variantTensors = 9, externalBuffer = 10
    }

    /// `table QuantizationParameters` (`details` is a union: type 4, value 5).
    enum Quantization {
        static let min = 0, max = 1, scale = 2, zeroPoint = 3, detailsType = 4, details = 5
        static let quantizedDimension = 6
    }

    /// `union QuantizationDetails`.
    enum QuantizationDetails {
        static let customQuantization: UInt8 = 1, blockwiseQuantization: UInt8 = 2
    }

    /// `table CustomQuantization`.
    enum CustomQuantization {
        static let custom = 0
    }

    /// `table BlockwiseQuantization`.
    enum BlockwiseQuantization {
        static let scales = 0, zeroPoints = 1, blockSize = 2
    }

    /// `table SparsityParameters`.
    enum Sparsity {
        static let traversalOrder = 0, blockMap = 1, dimMetadata = 2
    }

    /// `table DimensionMetadata` (two unions: `array_segments` 2–3, `array_indices` 4–5).
    enum DimensionMetadata {
        static let format = 0, denseSize = 1, arraySegmentsType = 2, arraySegments = 3
        static let arrayIndicesType = 4, arrayIndices = 5
    }

    /// `enum DimensionType`, by value.
    static let dimensionTypes = ["DENSE", "SPARSE_CSR"]

    /// `table Operator` (`builtin_options` 3–4 and `builtin_options_2` 11–12 are unions).
    enum Operator {
        static let opcodeIndex = 0, inputs = 1, outputs = 2, builtinOptionsType = 3, builtinOptions = 4
        static let customOptions = 5, customOptionsFormat = 6, mutatingVariableInputs = 7, intermediates = 8
        static let largeCustomOptionsOffset = 9, largeCustomOptionsSize = 10
        static let builtinOptions2Type = 11, builtinOptions2 = 12, debugMetadataIndex = 13
    }

    /// `table Buffer`: inline `data`, or `offset`/`size` of bytes after the FlatBuffer (valid when offset > 1).
    enum Buffer {
        static let data = 0, offset = 1, size = 2
    }

    /// `table Metadata`.
    enum Metadata {
        static let name = 0, buffer = 1
    }

    /// `table TensorMap`.
    enum TensorMap {
        static let name = 0, tensorIndex = 1
    }

    /// `table SignatureDef` (id 3 is the deprecated `deprecated_tag`).
    enum SignatureDef {
        static let inputs = 0, outputs = 1, signatureKey = 2, deprecatedTag = 3, subgraphIndex = 4
    }

    /// `enum TensorType : byte`, by value: the schema's name and the report's dtype. Values 19–22
    /// (INT2, UINT4, FLOAT8_E4M3FN, FLOAT8_E5M2) are the newest, from LiteRT.
    public static let tensorTypes: [(name: String, dtype: DType)] = [
        ("FLOAT32", .f32), ("FLOAT16", .f16), ("INT32", .i32), ("UINT8", .u8), ("INT64", .i64),
        ("STRING", .string), ("BOOL", .bool), ("INT16", .i16), ("COMPLEX64", .c64), ("INT8", .i8),
        ("FLOAT64", .f64), ("COMPLEX128", .c128), ("UINT64", .u64), ("RESOURCE", .resource), ("VARIANT", .variant),
        ("UINT32", .u32), ("UINT16", .u16), ("INT4", .i4), ("BFLOAT16", .bf16), ("INT2", .i2),
        ("UINT4", .u4), ("FLOAT8_E4M3FN", .f8e4m3), ("FLOAT8_E5M2", .f8e5m2),
    ]

    /// `BuiltinOperator.CUSTOM`: the operator code names its kernel in `custom_code`.
    public static let customCode: Int32 = 32
    /// `BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES`: codes above it live only in `builtin_code`.
    public static let placeholderForGreaterOpCodes: Int32 = 127

    /// `enum BuiltinOperator : int32`, every name by value (0 … 209, STABLEHLO_CASE).
    public static let builtinOperators: [String] = [
        // 0
        "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEPTH_TO_SPACE",
        "DEQUANTIZE", "EMBEDDING_LOOKUP", "FLOOR", "FULLY_CONNECTED",
        // 10
        "HASHTABLE_LOOKUP", "L2_NORMALIZATION", "L2_POOL_2D", "LOCAL_RESPONSE_NORMALIZATION", "LOGISTIC",
        "LSH_PROJECTION", "LSTM", "MAX_POOL_2D", "MUL", "RELU",
        // 20
        "RELU_N1_TO_1", "RELU6", "RESHAPE", "RESIZE_BILINEAR", "RNN", "SOFTMAX", "SPACE_TO_DEPTH", "SVDF",
        "TANH", "CONCAT_EMBEDDINGS",
        // 30
        "SKIP_GRAM", "CALL", "CUSTOM", "EMBEDDING_LOOKUP_SPARSE", "PAD", "UNIDIRECTIONAL_SEQUENCE_RNN",
        "GATHER", "BATCH_TO_SPACE_ND", "SPACE_TO_BATCH_ND", "TRANSPOSE",
        // 40
        "MEAN", "SUB", "DIV", "SQUEEZE", "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE",
        "BIDIRECTIONAL_SEQUENCE_RNN", "EXP", "TOPK_V2", "SPLIT",
        // 50
        "LOG_SOFTMAX", "DELEGATE", "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST", "PRELU", "MAXIMUM", "ARG_MAX",
        "MINIMUM", "LESS", "NEG",
        // 60
        "PADV2", "GREATER", "GREATER_EQUAL", "LESS_EQUAL", "SELECT", "SLICE", "SIN", "TRANSPOSE_CONV",
        "SPARSE_TO_DENSE", "TILE",
        // 70
        "EXPAND_DIMS", "EQUAL", "NOT_EQUAL", "LOG", "SUM", "SQRT", "RSQRT", "SHAPE", "POW", "ARG_MIN",
        // 80
        "FAKE_QUANT", "REDUCE_PROD", "REDUCE_MAX", "PACK", "LOGICAL_OR", "ONE_HOT", "LOGICAL_AND",
        "LOGICAL_NOT", "UNPACK", "REDUCE_MIN",
        // 90
        "FLOOR_DIV", "REDUCE_ANY", "SQUARE", "ZEROS_LIKE", "FILL", "FLOOR_MOD", "RANGE",
        "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE",
        // 100
        "MIRROR_PAD", "ABS", "SPLIT_V", "UNIQUE", "CEIL", "REVERSE_V2", "ADD_N", "GATHER_ND", "COS", "WHERE",
        // 110
        "RANK", "ELU", "REVERSE_SEQUENCE", "MATRIX_DIAG", "QUANTIZE", "MATRIX_SET_DIAG", "ROUND",
        "HARD_SWISH", "IF", "WHILE",
        // 120
        "NON_MAX_SUPPRESSION_V4", "NON_MAX_SUPPRESSION_V5", "SCATTER_ND", "SELECT_V2", "DENSIFY",
        "SEGMENT_SUM", "BATCH_MATMUL", "PLACEHOLDER_FOR_GREATER_OP_CODES", "CUMSUM", "CALL_ONCE",
        // 130
        "BROADCAST_TO", "RFFT2D", "CONV_3D", "IMAG", "REAL", "COMPLEX_ABS", "HASHTABLE", "HASHTABLE_FIND",
        "HASHTABLE_IMPORT", "HASHTABLE_SIZE",
        // 140
        "REDUCE_ALL", "CONV_3D_TRANSPOSE", "VAR_HANDLE", "READ_VARIABLE", "ASSIGN_VARIABLE", "BROADCAST_ARGS",
        "RANDOM_STANDARD_NORMAL", "BUCKETIZE", "RANDOM_UNIFORM", "MULTINOMIAL",
        // 150
        "GELU", "DYNAMIC_UPDATE_SLICE", "RELU_0_TO_1", "UNSORTED_SEGMENT_PROD", "UNSORTED_SEGMENT_MAX",
        "UNSORTED_SEGMENT_SUM", "ATAN2", "UNSORTED_SEGMENT_MIN", "SIGN", "BITCAST",
        // 160
        "BITWISE_XOR", "RIGHT_SHIFT", "STABLEHLO_LOGISTIC", "STABLEHLO_ADD", "STABLEHLO_DIVIDE",
        "STABLEHLO_MULTIPLY", "STABLEHLO_MAXIMUM", "STABLEHLO_RESHAPE", "STABLEHLO_CLAMP", "STABLEHLO_CONCATENATE",
        // 170
        "STABLEHLO_BROADCAST_IN_DIM", "STABLEHLO_CONVOLUTION", "STABLEHLO_SLICE", "STABLEHLO_CUSTOM_CALL",
        "STABLEHLO_REDUCE", "STABLEHLO_ABS", "STABLEHLO_AND", "STABLEHLO_COSINE", "STABLEHLO_EXPONENTIAL",
        "STABLEHLO_FLOOR",
        // 180
        "STABLEHLO_LOG", "STABLEHLO_MINIMUM", "STABLEHLO_NEGATE", "STABLEHLO_OR", "STABLEHLO_POWER",
        "STABLEHLO_REMAINDER", "STABLEHLO_RSQRT", "STABLEHLO_SELECT", "STABLEHLO_SUBTRACT", "STABLEHLO_TANH",
        // 190
        "STABLEHLO_SCATTER", "STABLEHLO_COMPARE", "STABLEHLO_CONVERT", "STABLEHLO_DYNAMIC_SLICE",
        "STABLEHLO_DYNAMIC_UPDATE_SLICE", "STABLEHLO_PAD", "STABLEHLO_IOTA", "STABLEHLO_DOT_GENERAL",
        "STABLEHLO_REDUCE_WINDOW", "STABLEHLO_SORT",
        // 200
        "STABLEHLO_WHILE", "STABLEHLO_GATHER", "STABLEHLO_TRANSPOSE", "DILATE", "STABLEHLO_RNG_BIT_GENERATOR",
        "REDUCE_WINDOW", "STABLEHLO_COMPOSITE", "STABLEHLO_SHIFT_LEFT", "STABLEHLO_CBRT", "STABLEHLO_CASE",
    ]

    /// The name of builtin operator `code`, or nil for a code this schema does not know.
    public static func builtinName(_ code: Int32) -> String? {
        guard code >= 0, Int(code) < builtinOperators.count else { return nil }
        return builtinOperators[Int(code)]
    }

    /// The name and dtype of tensor type `value`, or nil for a type this schema does not know.
    public static func tensorType(_ value: Int8) -> (name: String, dtype: DType)? {
        guard value >= 0, Int(value) < tensorTypes.count else { return nil }
        return tensorTypes[Int(value)]
    }
}
