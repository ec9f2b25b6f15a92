import FormatProbe
import ModelArtifact

/// The `format` of an Acusight `ModelVersion`: the four kinds of model file the project upload
/// takes (`model_file`: .pt, .onnx, .tflite, .synap), decided from the file's content, not its name.
public enum UploadFormat: String, Sendable, CaseIterable, Codable {
    case pt, onnx, tflite, synap

    /// The extension the upload expects for this format.
    public var fileExtension: String { "." + rawValue }

    /// The upload format of content detected as `format`: TorchScript and pre-1.6 `torch.save`
    /// files are `.pt` files too; nil for anything the upload does not take.
    public init?(detected format: ModelFormat) {
        switch format {
        case .pt, .torchscript, .ptLegacy: self = .pt
        case .onnx: self = .onnx
        case .tflite: self = .tflite
        case .synap: self = .synap
        default: return nil
        }
    }

    /// The format of the file `name` whose content `detection` describes, or the reason the upload
    /// refuses it: content it does not take, or a name whose extension does not say what the content is.
    public static func decide(name: String, detection: Detection) -> Result<UploadFormat, UploadRefusal> {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        guard let format = UploadFormat(detected: detection.format) else {
            let what = detection.format == .unknown ? "not a model file synap-tool recognises (\(detection.reason))"
                : "\(detection.format.rawValue) (\(detection.reason))"
            return .failure(UploadRefusal(
                "\(base) is \(what): the project upload takes PyTorch (.pt), ONNX (.onnx), TFLite (.tflite) or SyNAP (.synap) model files"))
        }
        let lower = base.lowercased()
        guard let dot = lower.lastIndex(of: "."), String(lower[dot...]) == format.fileExtension else {
            let named = lower.lastIndex(of: ".").map { "its extension is \(base[$0...])" } ?? "it has no extension"
            let stem = base.lastIndex(of: ".").map { String(base[..<$0]) } ?? base
            return .failure(UploadRefusal(
                "\(base): the content is \(format.rawValue) but \(named); the upload takes \(format.rawValue) files named *\(format.fileExtension) (rename it \(stem)\(format.fileExtension))"))
        }
        return .success(format)
    }
}

/// Why the upload would refuse a file, in one sentence.
public struct UploadRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reason.
    public let reason: String
    /// Creates a refusal.
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
