import ModelArtifact

/// safetensors: an 8-byte little-endian header length, then a JSON object.
enum SafetensorsSniffer {
    static func detect(_ input: ProbeInput) -> Detection? {
        var reader = input.reader()
        guard let length = try? reader.u64() else { return nil }
        guard length >= 2, length <= UInt64(FormatSignatures.safetensorsMaxHeader) else { return nil }
        let bytes = input.bytes
        guard bytes.count > 9, bytes[8] == UInt8(ascii: "{") else { return nil }
        let second = bytes[9]
        guard second == UInt8(ascii: "\"") || second == UInt8(ascii: "}") || second == 0x20 || second == 0x0a else { return nil }
        let headerEnd = 8 + Int(length)
        if let total = input.totalSize, headerEnd > total {
            return nil
        }
        guard headerEnd <= input.count else {
            return Detection(.safetensors, .high, "8-byte header length \(length) followed by a JSON object",
                             needsMoreBytes: true)
        }
        // The reader reads the whole header next: bring it in one go (one request when remote).
        input.file.advise(.willNeed, range: 8..<headerEnd)
        var last = headerEnd - 1
        while last > 8, bytes[last] == 0x20 { last -= 1 }
        guard bytes[last] == UInt8(ascii: "}") else { return nil }
        return Detection(.safetensors, .certain, "8-byte header length \(length), JSON header from byte 8 to \(headerEnd)")
    }
}
