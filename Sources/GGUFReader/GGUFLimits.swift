/// The caps a GGUF file must stay within; anything beyond is rejected before it is allocated.
public struct GGUFLimits: Sendable {
    /// Longest metadata key in bytes (the spec: at most 2^16 - 1).
    public var maxKeyLength: Int
    /// Longest string value or tensor name in bytes.
    public var maxStringLength: Int
    /// Deepest nesting of arrays (an array of arrays is 2).
    public var maxArrayDepth: Int
    /// Most dimensions a tensor may have (ggml itself loads at most 4).
    public var maxDimensions: Int

    /// The default caps: 65535-byte keys, 64 MiB strings, depth 8, 8 dimensions.
    public init(maxKeyLength: Int = 65_535, maxStringLength: Int = 64 << 20, maxArrayDepth: Int = 8,
                maxDimensions: Int = 8) {
        self.maxKeyLength = maxKeyLength
        self.maxStringLength = maxStringLength
        self.maxArrayDepth = maxArrayDepth
        self.maxDimensions = maxDimensions
    }
}

/// Facts of the GGUF container shared by the parser and the report.
enum GGUFConstants {
    /// `GGUF` as the first four bytes.
    static let magic: [UInt8] = [0x47, 0x47, 0x55, 0x46]
    /// Versions read here: 2 and 3 (64-bit counts, little-endian).
    static let supportedVersions: ClosedRange<UInt32> = 2...3
    /// `general.alignment` when the file does not set it.
    static let defaultAlignment = 32
    /// The key that sets the data alignment.
    static let alignmentKey = "general.alignment"
    /// ggml's `GGML_MAX_DIMS`.
    static let ggmlMaxDimensions = 4
    /// ggml's `GGML_MAX_NAME`: a tensor name must be shorter.
    static let ggmlMaxName = 64
    /// Fewest bytes of one KV entry: key length, type tag, a one-byte value.
    static let minimumKVSize = 8 + 4 + 1
    /// Fewest bytes of one tensor info: name length, n_dims, type, offset.
    static let minimumTensorInfoSize = 8 + 4 + 4 + 8
}
