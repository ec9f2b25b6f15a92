import ModelArtifact

/// ONNX has no magic number: a `ModelProto` is recognised by walking its top-level protobuf fields
/// with the shared wire reader (`ProtoReader`). Every field must be one `ModelProto` defines, with
/// its wire type, and every length must fit; `ir_version` must be present and plausible.
enum ONNXSniffer {
    static func detect(_ input: ProbeInput) -> Detection? {
        var reader = ProtoReader(input.reader())
        let total = input.totalSize ?? input.count
        var irVersion: UInt64?
        var sawGraph = false
        var fields = 0
        var cutShort = false
        walk: while !reader.isAtEnd {
            let key: ProtoKey
            do {
                guard let next = try reader.readKey() else { break }
                key = next
            } catch let error as ArtifactError where error.rule == "truncated" {
                cutShort = !input.isComplete
                break
            } catch {
                return nil
            }
            guard let field = FormatSignatures.ONNXModelField(rawValue: UInt64(key.number)),
                  field.wireType == UInt64(key.wireType.rawValue) else {
                return nil
            }
            fields += 1
            guard let value = try? reader.readVarint() else { cutShort = !input.isComplete; break }
            switch key.wireType {
            case .varint:
                if field == .irVersion { irVersion = value }
            default:
                if input.isComplete || input.totalSize != nil {
                    guard value <= UInt64(total - reader.offset) else { return nil }
                }
                if field == .graph { sawGraph = true }
                if value > UInt64(reader.bytes.remaining) {
                    guard !input.isComplete else { return nil }
                    cutShort = true
                    break walk
                }
                try? reader.skip(Int(value))
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
