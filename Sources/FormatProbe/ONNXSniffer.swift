import ModelArtifact

/// ONNX has no magic number: a `ModelProto` is recognised by walking its top-level protobuf fields.
/// Every field must be one `ModelProto` defines, with its wire type, and every length must fit;
/// `ir_version` must be present and plausible.
enum ONNXSniffer {
    static func detect(_ input: ProbeInput) -> Detection? {
        var reader = input.reader()
        let total = input.totalSize ?? input.count
        var irVersion: UInt64?
        var sawGraph = false
        var fields = 0
        var cutShort = false
        while !reader.isAtEnd {
            guard let key = try? reader.varint() else { cutShort = !input.isComplete; break }
            let number = key >> 3
            let wireType = key & 7
            guard let field = FormatSignatures.ONNXModelField(rawValue: number), field.wireType == wireType else {
                return nil
            }
            fields += 1
            if wireType == 0 {
                guard let value = try? reader.varint() else { cutShort = !input.isComplete; break }
                if field == .irVersion { irVersion = value }
            } else {
                guard let length = try? reader.varint() else { cutShort = !input.isComplete; break }
                if input.isComplete || input.totalSize != nil {
                    guard length <= UInt64(total - reader.offset) else { return nil }
                }
                if field == .graph { sawGraph = true }
                if Int(length) > reader.remaining {
                    guard !input.isComplete else { return nil }
                    cutShort = true
                    break
                }
                try? reader.skip(Int(length))
            }
        }
        guard let irVersion, irVersion >= 1, irVersion <= UInt64(FormatSignatures.onnxNewestIRVersion) + 4 else {
            return nil
        }
        let summary = "protobuf ModelProto: ir_version \(irVersion), \(fields) top-level field\(fields == 1 ? "" : "s") valid"
        if input.isComplete {
            guard sawGraph else {
                return Detection(.onnx, .low, summary + ", but no graph")
            }
            return Detection(.onnx, .certain, summary + " to the end of the file, graph present")
        }
        return Detection(.onnx, sawGraph ? .high : .low, summary + (sawGraph ? ", graph begins" : ""),
                         needsMoreBytes: cutShort || !sawGraph)
    }
}
