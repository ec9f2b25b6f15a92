/// An element type, named as the report schema names it: the safetensors names, `STRING`,
/// `RESOURCE`, `VARIANT`, and block-quantized types by their own format's names (GGML's `Q4_K`…).
public enum DType: Hashable, Sendable, CustomStringConvertible {
    case bool, u8, i8, u16, i16, f16, bf16, u32, i32, f32, u64, i64, f64, c64, c128
    case f8e4m3, f8e5m2, f8e4m3fnuz, f8e5m2fnuz, f8e8m0, f4, f6e2m3, f6e3m2
    case u4, i4, u2, i2
    case string, resource, variant
    /// A block-quantized type whose byte size per block its format's reader knows (GGML's types).
    case quantized(String)

    /// Every element type with a fixed name in the schema, in the schema's order.
    public static let named: [DType] = [
        .bool, .u8, .i8, .u16, .i16, .f16, .bf16, .u32, .i32, .f32, .u64, .i64, .f64, .c64, .c128,
        .f8e4m3, .f8e5m2, .f8e4m3fnuz, .f8e5m2fnuz, .f8e8m0, .f4, .f6e2m3, .f6e3m2,
        .u4, .i4, .u2, .i2, .string, .resource, .variant,
    ]

    private static let byName: [String: DType] = Dictionary(uniqueKeysWithValues: named.map { ($0.name, $0) })

    /// The type with schema name `name` (`"BF16"`, `"F8_E4M3"`), or nil.
    public init?(name: String) {
        guard let known = Self.byName[name] else { return nil }
        self = known
    }

    /// The schema name.
    public var name: String {
        switch self {
        case .bool: return "BOOL"
        case .u8: return "U8"
        case .i8: return "I8"
        case .u16: return "U16"
        case .i16: return "I16"
        case .f16: return "F16"
        case .bf16: return "BF16"
        case .u32: return "U32"
        case .i32: return "I32"
        case .f32: return "F32"
        case .u64: return "U64"
        case .i64: return "I64"
        case .f64: return "F64"
        case .c64: return "C64"
        case .c128: return "C128"
        case .f8e4m3: return "F8_E4M3"
        case .f8e5m2: return "F8_E5M2"
        case .f8e4m3fnuz: return "F8_E4M3FNUZ"
        case .f8e5m2fnuz: return "F8_E5M2FNUZ"
        case .f8e8m0: return "F8_E8M0"
        case .f4: return "F4"
        case .f6e2m3: return "F6_E2M3"
        case .f6e3m2: return "F6_E3M2"
        case .u4: return "U4"
        case .i4: return "I4"
        case .u2: return "U2"
        case .i2: return "I2"
        case .string: return "STRING"
        case .resource: return "RESOURCE"
        case .variant: return "VARIANT"
        case .quantized(let name): return name
        }
    }

    public var description: String { name }

    /// Bits per element; nil for types with no fixed element size (strings, handles, block types).
    public var bitWidth: Int? {
        switch self {
        case .bool, .u8, .i8, .f8e4m3, .f8e5m2, .f8e4m3fnuz, .f8e5m2fnuz, .f8e8m0: return 8
        case .u16, .i16, .f16, .bf16: return 16
        case .u32, .i32, .f32: return 32
        case .u64, .i64, .f64, .c64: return 64
        case .c128: return 128
        case .f4, .u4, .i4: return 4
        case .f6e2m3, .f6e3m2: return 6
        case .u2, .i2: return 2
        case .string, .resource, .variant, .quantized: return nil
        }
    }

    /// Bytes taken by `elements` elements packed densely (bits rounded up to whole bytes), or nil
    /// when the type has no fixed size or the count overflows.
    public func byteCount(elements: Int) -> Int? {
        guard let bits = bitWidth, elements >= 0 else { return nil }
        let (total, overflow) = elements.multipliedReportingOverflow(by: bits)
        guard !overflow else { return nil }
        return total / 8 + (total % 8 == 0 ? 0 : 1)
    }
}
