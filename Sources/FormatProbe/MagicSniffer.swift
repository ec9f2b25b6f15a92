import ModelArtifact

/// Formats with a magic number at a fixed place: GGUF, legacy GGML, TFLite, EBG, NBG, NumPy.
enum MagicSniffer {
    static func detect(_ input: ProbeInput) -> Detection? {
        let bytes = input.bytes
        if bytes.has(FormatSignatures.gguf) { return gguf(input) }
        for (magic, name) in FormatSignatures.ggmlLegacy where bytes.has(magic) {
            return Detection(.ggml, .high, "legacy GGML container, magic \"\(String(decoding: magic, as: UTF8.self))\" (\(name)): superseded by GGUF")
        }
        if bytes.has(FormatSignatures.ebg) {
            return Detection(.ebg, .certain, "magic \"EBGX\": a SyNAP executable binary graph (NPU payload)")
        }
        if bytes.has(FormatSignatures.nbg) {
            return Detection(.nbg, .certain, "magic \"VPMN\": a legacy SyNAP network binary graph (NPU payload)")
        }
        if bytes.has(FormatSignatures.npy) {
            return Detection(.npy, .certain, "magic \"\\x93NUMPY\": a NumPy array")
        }
        if bytes.has(FormatSignatures.tflite, at: 4) { return tflite(input) }
        if input.isShortOf(8) && input.count > 0 {
            // Too few bytes to rule out an identifier at offset 4.
            return nil
        }
        return nil
    }

    private static func gguf(_ input: ProbeInput) -> Detection {
        var reader = input.reader()
        try? reader.skip(4)
        guard let version = try? reader.u32() else {
            return Detection(.gguf, .low, "magic \"GGUF\", version not yet seen", needsMoreBytes: input.isShortOf(8))
        }
        if (1...3).contains(version) {
            return Detection(.gguf, .certain, "magic \"GGUF\", version \(version)")
        }
        if (1...3).contains(version.byteSwapped) {
            return Detection(.gguf, .high, "magic \"GGUF\", big-endian version \(version.byteSwapped)")
        }
        return Detection(.gguf, .high, "magic \"GGUF\", unknown version \(version)")
    }

    private static func tflite(_ input: ProbeInput) -> Detection {
        var reader = input.reader()
        let root = (try? reader.u32()).map(Int.init) ?? 0
        let size = input.totalSize ?? input.count
        if root >= 8, root % 4 == 0, root < size {
            return Detection(.tflite, .certain, "FlatBuffer with file identifier \"TFL3\" at offset 4, root table at \(root)")
        }
        return Detection(.tflite, .high, "file identifier \"TFL3\" at offset 4, but the root offset \(root) is implausible")
    }
}
