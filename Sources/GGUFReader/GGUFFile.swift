import ModelArtifact

/// One tensor info of a GGUF file, validated against the type table and the file's size.
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The tensor's name.
    public let name: String
    /// Dimensions in GGUF order, as written: `ne[0]` (the contiguous one) first.
    public let dims: [Int]
    /// The element type.
    public let type: GGMLType
    /// The offset as written: from the start of the data section, a multiple of the alignment.
    public let relativeOffset: Int
    /// The absolute offset of the first byte in the file.
    public internal(set) var offset: Int
    /// The byte length (`ne[0] / block × bytes per block × ne[1] × …`).
    public let byteLength: Int
    /// The number of elements.
    public let elementCount: Int
    /// The absolute offset of this tensor info (its name's length field).
    public let infoOffset: Int

    /// The dimensions outermost first, as PyTorch, NumPy and safetensors write them (`dims` reversed).
    public var rowMajorShape: [Int] { dims.reversed() }

    /// The absolute byte range of the tensor's data.
    public var byteRange: Range<Int> { offset..<(offset + byteLength) }
}

/// A parsed GGUF file: version, metadata in file order, tensor infos and the data layout.
///
/// Parsing reads only the header, metadata and tensor infos; tensor data is never touched.
public struct GGUFFile: Sendable {
    /// The file's path (or name), as used in errors.
    public let path: String
    /// The file's size in bytes.
    public let size: Int
    /// The GGUF version (2 or 3).
    public let version: UInt32
    /// Every metadata entry in file order, duplicates included.
    public let metadata: [GGUFKeyValue]
    /// Every tensor info in file order.
    public let tensors: [GGUFTensorInfo]
    /// The data alignment (`general.alignment`, 32 by default).
    public let alignment: Int
    /// The absolute offset where the data section starts.
    public let dataOffset: Int
    /// What the parser noticed that does not make the file unreadable.
    public let findings: [Finding]

    private let keyIndex: [String: Int]
    private let tensorIndex: [String: Int]

    init(path: String, size: Int, version: UInt32, metadata: [GGUFKeyValue], keyIndex: [String: Int],
         tensors: [GGUFTensorInfo], tensorIndex: [String: Int], alignment: Int, dataOffset: Int,
         findings: [Finding]) {
        self.path = path
        self.size = size
        self.version = version
        self.metadata = metadata
        self.keyIndex = keyIndex
        self.tensors = tensors
        self.tensorIndex = tensorIndex
        self.alignment = alignment
        self.dataOffset = dataOffset
        self.findings = findings
    }

    /// The value of the first entry with `key`, or nil.
    public subscript(key: String) -> GGUFValue? {
        keyIndex[key].map { metadata[$0].value }
    }

    /// The tensor info named `name`, or nil.
    public func tensor(named name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// `general.architecture`, when it is a string.
    public var architecture: String? { self["general.architecture"]?.stringValue }

    /// Parses the header, metadata and tensor infos of `file`; throws `ArtifactError` for a file
    /// that is not GGUF v2/v3, is truncated, breaks a cap or places a tensor outside the file.
    public static func parse(_ file: MappedFile, limits: GGUFLimits = GGUFLimits()) throws -> GGUFFile {
        var parser = GGUFParser(file: file, limits: limits)
        return try parser.parse()
    }
}
