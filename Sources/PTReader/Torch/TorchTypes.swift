import ModelArtifact

/// PyTorch's element types as a pickle names them: legacy storage classes (`torch.FloatStorage`)
/// and dtypes (`torch.float32`), each with its schema dtype and its element size in bytes
/// (`torch._utils._element_size`). Facts from PyTorch `torch/storage.py` and `c10/core/ScalarType.h`.
enum TorchTypes {
    /// An element type: the report's dtype and the bytes one element takes in a storage.
    struct Element: Equatable {
        var dtype: DType
        var size: Int
    }

    /// Legacy storage class name (without module) → the dtype its elements have (`_dtype_to_storage_type_map`).
    static let storageDTypes: [String: String] = [
        "DoubleStorage": "float64", "FloatStorage": "float32", "HalfStorage": "float16", "BFloat16Storage": "bfloat16",
        "LongStorage": "int64", "IntStorage": "int32", "ShortStorage": "int16", "CharStorage": "int8",
        "ByteStorage": "uint8", "BoolStorage": "bool", "ComplexFloatStorage": "complex64",
        "ComplexDoubleStorage": "complex128", "QInt8Storage": "qint8", "QUInt8Storage": "quint8",
        "QInt32Storage": "qint32", "QUInt4x2Storage": "quint4x2", "QUInt2x4Storage": "quint2x4",
        // Untyped storages count bytes.
        "UntypedStorage": "uint8",
    ]

    /// dtype name (after `torch.`) → element type, aliases included.
    static let dtypes: [String: Element] = {
        var table: [String: Element] = [
            "float64": Element(dtype: .f64, size: 8), "float32": Element(dtype: .f32, size: 4),
            "float16": Element(dtype: .f16, size: 2), "bfloat16": Element(dtype: .bf16, size: 2),
            "int64": Element(dtype: .i64, size: 8), "int32": Element(dtype: .i32, size: 4),
            "int16": Element(dtype: .i16, size: 2), "int8": Element(dtype: .i8, size: 1),
            "uint8": Element(dtype: .u8, size: 1), "uint16": Element(dtype: .u16, size: 2),
            "uint32": Element(dtype: .u32, size: 4), "uint64": Element(dtype: .u64, size: 8),
            "bool": Element(dtype: .bool, size: 1), "complex64": Element(dtype: .c64, size: 8),
            "complex128": Element(dtype: .c128, size: 16),
            "float8_e4m3fn": Element(dtype: .f8e4m3, size: 1), "float8_e5m2": Element(dtype: .f8e5m2, size: 1),
            "float8_e4m3fnuz": Element(dtype: .f8e4m3fnuz, size: 1), "float8_e5m2fnuz": Element(dtype: .f8e5m2fnuz, size: 1),
            "float8_e8m0fnu": Element(dtype: .f8e8m0, size: 1),
            "qint8": Element(dtype: .i8, size: 1), "quint8": Element(dtype: .u8, size: 1),
            "qint32": Element(dtype: .i32, size: 4), "quint4x2": Element(dtype: .u8, size: 1),
            "quint2x4": Element(dtype: .u8, size: 1), "bits8": Element(dtype: .u8, size: 1),
            "bits16": Element(dtype: .u16, size: 2), "bits1x8": Element(dtype: .u8, size: 1),
            "bits2x4": Element(dtype: .u8, size: 1), "bits4x2": Element(dtype: .u8, size: 1),
        ]
        let aliases = ["double": "float64", "float": "float32", "half": "float16", "long": "int64", "int": "int32",
                       "short": "int16", "cfloat": "complex64", "cdouble": "complex128"]
        for (alias, name) in aliases { table[alias] = table[name] }
        return table
    }()

    /// The element type of a storage class global (`torch.FloatStorage`, `torch.cuda.HalfStorage`,
    /// `torch.storage.UntypedStorage`), or nil.
    static func storage(_ qualified: String) -> Element? {
        guard qualified.hasPrefix("torch."), let dot = qualified.lastIndex(of: ".") else { return nil }
        return storageDTypes[String(qualified[qualified.index(after: dot)...])].flatMap { dtypes[$0] }
    }

    /// The element type of a dtype global (`torch.float32`), or nil.
    static func dtype(_ qualified: String) -> Element? {
        guard qualified.hasPrefix("torch."), !qualified.dropFirst(6).contains(".") else { return nil }
        return dtypes[String(qualified.dropFirst(6))]
    }
}
