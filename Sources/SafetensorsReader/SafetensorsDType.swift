import ModelArtifact

/// The element types the safetensors format defines (its `Dtype` enum), by their header names.
///
/// Names outside this set are refused, as the reference implementation refuses them, even when the
/// report vocabulary knows them from other formats (`U4`, `F8_E4M3FNUZ`).
public enum SafetensorsDType {
    /// Every element type a safetensors header may name.
    public static let accepted: Set<DType> = [
        .bool, .f4, .f6e2m3, .f6e3m2, .u8, .i8, .f8e5m2, .f8e4m3, .f8e8m0,
        .i16, .u16, .f16, .bf16, .i32, .u32, .f32, .c64, .f64, .i64, .u64,
    ]

    /// The type named `name` in a header, or nil when safetensors has no such type.
    static func named(_ name: String) -> DType? {
        guard let type = DType(name: name), accepted.contains(type) else { return nil }
        return type
    }
}
