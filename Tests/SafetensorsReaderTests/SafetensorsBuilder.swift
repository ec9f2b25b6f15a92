import ModelArtifact

/// Builds safetensors files in memory for tests: a header (as text) and a data section.
enum SafetensorsBuilder {
    /// The file bytes: 8-byte little-endian length (`declaredLength` or the header's), header, data.
    static func bytes(header: String, dataLength: Int, declaredLength: UInt64? = nil) -> [UInt8] {
        let headerBytes = Array(header.utf8)
        let length = declaredLength ?? UInt64(headerBytes.count)
        var out: [UInt8] = (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
        out += headerBytes
        out += (0..<dataLength).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        return out
    }

    /// A mapped in-memory file of `bytes`.
    static func file(_ bytes: [UInt8], name: String = "test.safetensors") -> MappedFile {
        MappedFile(bytes: bytes, name: name)
    }

    /// A valid two-tensor file: `a` F32 [2,2] (16 bytes) then `b` I64 [3] (24 bytes).
    static let validHeader = #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"I64","shape":[3],"data_offsets":[16,40]}}"#
    static let validDataLength = 40
}
