import ModelArtifact

/// A GGML tensor element type as stored in a GGUF tensor info: its id, name and block layout.
///
/// The table below is the one place these facts live (ggml.h `enum ggml_type`, gguf-py
/// `GGML_QUANT_SIZES`, ggml-common.h block structs). A tensor's rows are made of blocks of
/// `blockSize` elements taking `bytesPerBlock` bytes each.
public struct GGMLType: Sendable, Hashable, CustomStringConvertible {
    /// The id written in the file (`ggml_type`).
    public let id: UInt32
    /// The GGML name, upper case as gguf-py spells it (`Q4_K`, `BF16`, `MXFP4`).
    public let name: String
    /// Elements per block (1 for the plain types).
    public let blockSize: Int
    /// Bytes per block.
    public let bytesPerBlock: Int

    private init(_ id: UInt32, _ name: String, _ blockSize: Int, _ bytesPerBlock: Int) {
        self.id = id
        self.name = name
        self.blockSize = blockSize
        self.bytesPerBlock = bytesPerBlock
    }

    /// Elements in a K-quant super-block (`QK_K`).
    static let qkK = 256

    /// Every type a GGUF file may hold, by id.
    public static let all: [GGMLType] = [
        GGMLType(0, "F32", 1, 4),
        GGMLType(1, "F16", 1, 2),
        GGMLType(2, "Q4_0", 32, 2 + 16),
        GGMLType(3, "Q4_1", 32, 2 + 2 + 16),
        GGMLType(6, "Q5_0", 32, 2 + 4 + 16),
        GGMLType(7, "Q5_1", 32, 2 + 2 + 4 + 16),
        GGMLType(8, "Q8_0", 32, 2 + 32),
        // ggml's block_q8_1 is two halves and 32 quants (36 bytes); gguf-py still says 4 + 4 + 32,
        // the layout from when d and s were floats. ggml is what reads the bytes.
        GGMLType(9, "Q8_1", 32, 2 + 2 + 32),
        GGMLType(10, "Q2_K", qkK, 2 + 2 + qkK / 16 + qkK / 4),
        GGMLType(11, "Q3_K", qkK, 2 + qkK / 4 + qkK / 8 + 12),
        GGMLType(12, "Q4_K", qkK, 2 + 2 + qkK / 2 + 12),
        GGMLType(13, "Q5_K", qkK, 2 + 2 + qkK / 2 + qkK / 8 + 12),
        GGMLType(14, "Q6_K", qkK, 2 + qkK / 2 + qkK / 4 + qkK / 16),
        GGMLType(15, "Q8_K", qkK, 4 + qkK + qkK / 8),
        GGMLType(16, "IQ2_XXS", qkK, 2 + qkK / 4),
        GGMLType(17, "IQ2_XS", qkK, 2 + qkK / 4 + qkK / 32),
        GGMLType(18, "IQ3_XXS", qkK, 2 + qkK / 4 + qkK / 8),
        GGMLType(19, "IQ1_S", qkK, 2 + qkK / 8 + qkK / 16),
        GGMLType(20, "IQ4_NL", 32, 2 + 16),
        GGMLType(21, "IQ3_S", qkK, 2 + qkK / 4 + qkK / 8 + qkK / 32 + 4),
        GGMLType(22, "IQ2_S", qkK, 2 + qkK / 4 + qkK / 16),
        GGMLType(23, "IQ4_XS", qkK, 2 + 2 + qkK / 2 + qkK / 64),
        GGMLType(24, "I8", 1, 1),
        GGMLType(25, "I16", 1, 2),
        GGMLType(26, "I32", 1, 4),
        GGMLType(27, "I64", 1, 8),
        GGMLType(28, "F64", 1, 8),
        GGMLType(29, "IQ1_M", qkK, qkK / 8 + qkK / 16 + qkK / 32),
        GGMLType(30, "BF16", 1, 2),
        GGMLType(34, "TQ1_0", qkK, 2 + 4 * 13),
        GGMLType(35, "TQ2_0", qkK, 2 + 64),
        GGMLType(39, "MXFP4", 32, 1 + 16),
        GGMLType(40, "NVFP4", 64, 4 + 32),
        GGMLType(41, "Q1_0", 128, 2 + 16),
    ]

    /// Ids that once named a type and were removed from GGUF files, with the old name.
    public static let removed: [UInt32: String] = [
        4: "Q4_2", 5: "Q4_3",
        31: "Q4_0_4_4", 32: "Q4_0_4_8", 33: "Q4_0_8_8",
        36: "IQ4_NL_4_4", 37: "IQ4_NL_4_8", 38: "IQ4_NL_8_8",
    ]

    private static let byID: [GGMLType?] = {
        var table = [GGMLType?](repeating: nil, count: Int(all.map(\.id).max() ?? 0) + 1)
        for type in all { table[Int(type.id)] = type }
        return table
    }()

    private static let byName: [String: GGMLType] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The type with id `id`, or nil for an unknown or removed id.
    public init?(id: UInt32) {
        guard id < UInt32(Self.byID.count), let type = Self.byID[Int(id)] else { return nil }
        self = type
    }

    /// The type named `name` (`"Q4_K"`), or nil.
    public init?(name: String) {
        guard let type = Self.byName[name] else { return nil }
        self = type
    }

    /// The report's dtype: the schema name for the plain types, `.quantized(name)` for block types.
    public var dtype: DType {
        switch name {
        case "F32": return .f32
        case "F16": return .f16
        case "BF16": return .bf16
        case "F64": return .f64
        case "I8": return .i8
        case "I16": return .i16
        case "I32": return .i32
        case "I64": return .i64
        default: return .quantized(name)
        }
    }

    /// True for block-quantized types (more than one element per block).
    public var isQuantized: Bool { blockSize > 1 }

    /// Bytes taken by a tensor of shape `dims` (GGUF order, `ne[0]` first), or nil when `ne[0]` is
    /// not a multiple of the block size, a dimension is negative, or the size overflows.
    public func byteCount(dims: [Int]) -> Int? {
        guard let first = dims.first else { return blockSize == 1 ? bytesPerBlock : nil }  // a scalar: one element
        guard dims.allSatisfy({ $0 >= 0 }), first % blockSize == 0 else { return nil }
        var total = first / blockSize
        var overflow: Bool
        (total, overflow) = total.multipliedReportingOverflow(by: bytesPerBlock)
        guard !overflow else { return nil }
        for dim in dims.dropFirst() {
            (total, overflow) = total.multipliedReportingOverflow(by: dim)
            guard !overflow else { return nil }
        }
        return total
    }

    public var description: String { name }
}
