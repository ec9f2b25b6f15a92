import ModelArtifact

/// A safetensors file read and validated by every rule of the reference implementation
/// (huggingface/safetensors `tensor.rs`), each broken rule its own `ArtifactError.rule`:
///
/// | rule | the reference's error |
/// | --- | --- |
/// | `safetensors-header-too-small` | file shorter than the 8-byte length (HeaderTooSmall) |
/// | `safetensors-header-too-large` | header length over 100,000,000 bytes (HeaderTooLarge) |
/// | `safetensors-header-length` | header runs past the end of the file (InvalidHeaderLength) |
/// | `safetensors-header-not-utf8` | header bytes are not UTF-8 (InvalidHeader) |
/// | `safetensors-header-start` | header does not begin with `{` (InvalidHeaderStart) |
/// | `json-*` | header is not strict JSON, or names a key twice (InvalidHeaderDeserialization) |
/// | `safetensors-metadata` | `__metadata__` is not an object of strings |
/// | `safetensors-tensor-entry` | an entry lacks `dtype`, `shape` or `data_offsets`, or they have the wrong type |
/// | `safetensors-unknown-dtype` | a dtype safetensors does not define |
/// | `safetensors-offsets-reversed` | `data_offsets` end before they begin (InvalidOffset) |
/// | `safetensors-gap` | bytes between two tensors that no tensor owns (InvalidOffset) |
/// | `safetensors-overlap` | two tensors share bytes (InvalidOffset) |
/// | `safetensors-overflow` | elements × bits overflows (ValidationOverflow) |
/// | `safetensors-misaligned` | a tensor's bits are not a whole number of bytes (MisalignedSlice) |
/// | `safetensors-size-mismatch` | byte length ≠ elements × bits / 8 (TensorInvalidInfo) |
/// | `safetensors-data-past-end` | tensor data runs past the end of the file (MetadataIncompleteBuffer) |
/// | `safetensors-trailing-bytes` | bytes after the last tensor (MetadataIncompleteBuffer) |
public struct SafetensorsFile: Sendable {
    /// The largest header the reference accepts.
    public static let maxHeaderLength = 100_000_000

    /// One tensor of the header.
    public struct Entry: Sendable, Equatable {
        /// The tensor's name (its header key).
        public var name: String
        /// Element type.
        public var dtype: DType
        /// Shape.
        public var shape: [Int]
        /// Byte range relative to the start of the data section (`data_offsets`).
        public var dataOffsets: Range<Int>
    }

    /// The file read.
    public let file: MappedFile
    /// Length of the JSON header in bytes (the first 8 bytes of the file).
    public let headerLength: Int
    /// `__metadata__`, in header order; empty when absent.
    public let metadata: [(key: String, value: String)]
    /// Whether the header had a `__metadata__` member.
    public let hasMetadata: Bool
    /// The tensors, ordered by their data offsets.
    public let entries: [Entry]

    /// Absolute offset of the first data byte.
    public var dataStart: Int { 8 + headerLength }

    /// Reads and validates `file`.
    public init(_ file: MappedFile) throws {
        self.file = file
        var reader = file.reader()
        guard file.size >= 8 else {
            throw reader.error("safetensors-header-too-small", expected: "an 8-byte header length",
                               found: "a file of \(file.size) bytes")
        }
        let declared = try reader.u64()
        guard declared <= UInt64(Self.maxHeaderLength) else {
            throw reader.error("safetensors-header-too-large", expected: "a header of at most 100,000,000 bytes",
                               found: "a header length of \(declared)", at: 0)
        }
        let length = Int(declared)
        guard length <= reader.remaining else {
            throw reader.error("safetensors-header-length", expected: "a header that ends inside the file",
                               found: "a header of \(length) bytes but \(reader.remaining) bytes after the length", at: 0)
        }
        headerLength = length
        let header = try reader.subReader(length, what: "the safetensors header")
        // Read whole next: brought in one go (one request for a remote object, read-ahead on disk).
        file.advise(.willNeed, range: header.range)
        let headerBytes = try header.buffer(header.range)
        if String(validating: headerBytes, as: UTF8.self) == nil, let bad = UTF8Check.firstInvalidIndex(in: headerBytes) {
            throw header.error("safetensors-header-not-utf8", expected: "a UTF-8 header",
                               found: "byte 0x\(String(headerBytes[bad], radix: 16)), which is not UTF-8", at: 8 + bad)
        }
        guard headerBytes.first == UInt8(ascii: "{") else {
            throw header.error("safetensors-header-start", expected: "a header beginning with '{'",
                               found: headerBytes.first.map { "byte 0x\(String($0, radix: 16))" } ?? "an empty header")
        }
        let (object, keyOffsets) = try JSONParser.parseObjectWithKeyOffsets(header, what: "the safetensors header")
        var metadata: [(String, String)] = []
        var hasMetadata = false
        var entries: [Entry] = []
        var entryOffsets: [Int] = []
        entries.reserveCapacity(object.count)
        for ((key, value), keyOffset) in zip(object.entries, keyOffsets) {
            if key == "__metadata__" {
                hasMetadata = true
                metadata = try Self.metadata(value, file: file.path, at: keyOffset)
            } else {
                entries.append(try Self.entry(key, value, file: file.path, at: keyOffset))
                entryOffsets.append(keyOffset)
            }
        }
        self.metadata = metadata
        self.hasMetadata = hasMetadata
        let order = entries.indices.sorted {
            (entries[$0].dataOffsets.lowerBound, entries[$0].dataOffsets.upperBound)
                < (entries[$1].dataOffsets.lowerBound, entries[$1].dataOffsets.upperBound)
        }
        self.entries = order.map { entries[$0] }
        try Self.validate(order.map { (entries[$0], entryOffsets[$0]) }, file: file, dataStart: 8 + length)
    }

    private static func metadata(_ value: JSONValue, file: String, at offset: Int) throws -> [(String, String)] {
        guard case .object(let object) = value else {
            throw ArtifactError(file: file, offset: offset, rule: "safetensors-metadata",
                                expected: "__metadata__ as an object of strings", found: value.typeName)
        }
        return try object.entries.map { key, item in
            guard case .string(let text) = item else {
                throw ArtifactError(file: file, offset: offset, rule: "safetensors-metadata",
                                    expected: "a string for __metadata__[\"\(key)\"]", found: item.typeName)
            }
            return (key, text)
        }
    }

    private static func entry(_ name: String, _ value: JSONValue, file: String, at offset: Int) throws -> Entry {
        func bad(_ expected: String, _ found: String) -> ArtifactError {
            ArtifactError(file: file, offset: offset, rule: "safetensors-tensor-entry",
                          expected: "\(expected) for tensor \"\(name)\"", found: found)
        }
        guard case .object(let info) = value else { throw bad("an object", value.typeName) }
        guard let dtypeValue = info["dtype"] else { throw bad("a dtype", "none") }
        guard case .string(let dtypeName) = dtypeValue else { throw bad("a dtype string", dtypeValue.typeName) }
        guard let dtype = SafetensorsDType.named(dtypeName) else {
            throw ArtifactError(file: file, offset: offset, rule: "safetensors-unknown-dtype",
                                expected: "a safetensors dtype for tensor \"\(name)\"", found: "\"\(dtypeName)\"")
        }
        guard let shapeValue = info["shape"] else { throw bad("a shape", "none") }
        guard case .array(let dims) = shapeValue else { throw bad("a shape array", shapeValue.typeName) }
        let shape = try dims.map { dim -> Int in
            guard case .int(let n) = dim, n >= 0, let size = Int(exactly: n) else {
                throw bad("non-negative integer dimensions", "\(dim.typeName) \(JSONWriter.string(dim, style: .compact))")
            }
            return size
        }
        guard let offsetsValue = info["data_offsets"] else { throw bad("data_offsets", "none") }
        guard case .array(let pair) = offsetsValue, pair.count == 2,
              case .int(let begin) = pair[0], case .int(let end) = pair[1], begin >= 0, end >= 0
        else {
            throw bad("data_offsets as two non-negative integers", JSONWriter.string(offsetsValue, style: .compact))
        }
        guard end >= begin else {
            throw ArtifactError(file: file, offset: offset, rule: "safetensors-offsets-reversed",
                                expected: "data_offsets [begin, end] with end ≥ begin for tensor \"\(name)\"",
                                found: "[\(begin), \(end)]")
        }
        return Entry(name: name, dtype: dtype, shape: shape, dataOffsets: Int(begin)..<Int(end))
    }

    private static func validate(_ sorted: [(Entry, Int)], file: MappedFile, dataStart: Int) throws {
        var expectedStart = 0
        for (entry, keyOffset) in sorted {
            func fail(_ rule: String, _ expected: String, _ found: String) -> ArtifactError {
                ArtifactError(file: file.path, offset: keyOffset, rule: rule,
                              expected: "\(expected) for tensor \"\(entry.name)\"", found: found)
            }
            let range = entry.dataOffsets
            if range.lowerBound > expectedStart {
                throw fail("safetensors-gap", "data starting at \(expectedStart), where the previous tensor ends",
                           "data_offsets starting at \(range.lowerBound), leaving \(range.lowerBound - expectedStart) bytes unowned")
            }
            if range.lowerBound < expectedStart {
                throw fail("safetensors-overlap", "data starting at \(expectedStart), after the previous tensor",
                           "data_offsets starting at \(range.lowerBound), inside the previous tensor")
            }
            expectedStart = range.upperBound
            var elements = 1
            for dim in entry.shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
                guard !overflow else { throw fail("safetensors-overflow", "a shape whose element count fits in 64 bits", "\(entry.shape)") }
                elements = product
            }
            let bitWidth = entry.dtype.bitWidth ?? 0
            let (bits, overflow) = elements.multipliedReportingOverflow(by: bitWidth)
            guard !overflow else {
                throw fail("safetensors-overflow", "a size that fits in 64 bits", "\(elements) elements of \(bitWidth) bits")
            }
            guard bits % 8 == 0 else {
                throw fail("safetensors-misaligned", "a whole number of bytes", "\(elements) elements of \(bitWidth) bits = \(bits) bits")
            }
            guard range.count == bits / 8 else {
                throw fail("safetensors-size-mismatch", "\(bits / 8) bytes (\(entry.shape) × \(entry.dtype.name))",
                           "\(range.count) bytes in data_offsets")
            }
        }
        let (end, overflow) = dataStart.addingReportingOverflow(expectedStart)
        if overflow || end > file.size {
            throw ArtifactError(file: file.path, offset: file.size, rule: "safetensors-data-past-end",
                                expected: "tensor data that ends inside the file (\(file.size) bytes)",
                                found: "data ending at byte \(overflow ? "beyond 2^63" : String(end))")
        }
        if end < file.size {
            throw ArtifactError(file: file.path, offset: end, rule: "safetensors-trailing-bytes",
                                expected: "the end of the file after the last tensor",
                                found: "\(file.size - end) more bytes")
        }
    }
}
