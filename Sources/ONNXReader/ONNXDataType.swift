import ModelArtifact

/// `TensorProto.DataType` (onnx.proto, ONNX 1.20): each element type's number, its onnx name,
/// the report's dtype, and the typed field that holds its values when there is no `raw_data`.
enum ONNXDataType: Int32, CaseIterable {
    case undefined = 0, float = 1, uint8 = 2, int8 = 3, uint16 = 4, int16 = 5, int32 = 6, int64 = 7
    case string = 8, bool = 9, float16 = 10, double = 11, uint32 = 12, uint64 = 13, complex64 = 14
    case complex128 = 15, bfloat16 = 16, float8e4m3fn = 17, float8e4m3fnuz = 18, float8e5m2 = 19
    case float8e5m2fnuz = 20, uint4 = 21, int4 = 22, float4e2m1 = 23, float8e8m0 = 24, uint2 = 25, int2 = 26

    /// The element type as the report names it; nil for `UNDEFINED`.
    var dtype: DType? {
        switch self {
        case .undefined: return nil
        case .float: return .f32
        case .uint8: return .u8
        case .int8: return .i8
        case .uint16: return .u16
        case .int16: return .i16
        case .int32: return .i32
        case .int64: return .i64
        case .string: return .string
        case .bool: return .bool
        case .float16: return .f16
        case .double: return .f64
        case .uint32: return .u32
        case .uint64: return .u64
        case .complex64: return .c64
        case .complex128: return .c128
        case .bfloat16: return .bf16
        case .float8e4m3fn: return .f8e4m3
        case .float8e4m3fnuz: return .f8e4m3fnuz
        case .float8e5m2: return .f8e5m2
        case .float8e5m2fnuz: return .f8e5m2fnuz
        case .uint4: return .u4
        case .int4: return .i4
        case .float4e2m1: return .f4
        case .float8e8m0: return .f8e8m0
        case .uint2: return .u2
        case .int2: return .i2
        }
    }

    /// The name onnx's `TensorProto.DataType` gives the type, lower-cased as in `tensor(float)`.
    var typeName: String {
        switch self {
        case .undefined: return "undefined"
        case .float: return "float"
        case .uint8: return "uint8"
        case .int8: return "int8"
        case .uint16: return "uint16"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .string: return "string"
        case .bool: return "bool"
        case .float16: return "float16"
        case .double: return "double"
        case .uint32: return "uint32"
        case .uint64: return "uint64"
        case .complex64: return "complex64"
        case .complex128: return "complex128"
        case .bfloat16: return "bfloat16"
        case .float8e4m3fn: return "float8e4m3fn"
        case .float8e4m3fnuz: return "float8e4m3fnuz"
        case .float8e5m2: return "float8e5m2"
        case .float8e5m2fnuz: return "float8e5m2fnuz"
        case .uint4: return "uint4"
        case .int4: return "int4"
        case .float4e2m1: return "float4e2m1"
        case .float8e8m0: return "float8e8m0"
        case .uint2: return "uint2"
        case .int2: return "int2"
        }
    }

    /// The typed field that holds the values when `raw_data` is absent (onnx checker's `check_tensor`).
    var typedField: ONNXSchema.Tensor? {
        switch self {
        case .undefined: return nil
        case .float, .complex64: return .floatData
        case .double, .complex128: return .doubleData
        case .int64: return .int64Data
        case .uint32, .uint64: return .uint64Data
        case .string: return .stringData
        default: return .int32Data
        }
    }

    /// How many typed-field entries hold `elements` values: complex numbers take two, 4-bit
    /// types pack two per `int32_data` entry and 2-bit types four; nil on overflow.
    func typedEntries(elements: Int) -> Int? {
        switch self {
        case .complex64, .complex128:
            let (n, overflow) = elements.multipliedReportingOverflow(by: 2)
            return overflow ? nil : n
        case .uint4, .int4, .float4e2m1: return elements / 2 + elements % 2
        case .uint2, .int2: return elements / 4 + (elements % 4 == 0 ? 0 : 1)
        default: return elements
        }
    }

    /// The type for a `data_type`/`elem_type` number, nil when the number is not one ONNX defines.
    init?(code: Int64) {
        guard let small = Int32(exactly: code), let known = ONNXDataType(rawValue: small) else { return nil }
        self = known
    }
}
