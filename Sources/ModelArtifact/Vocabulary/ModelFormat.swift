/// What a file is. Raw values are the `format` strings of the report schema (and, for `pt`,
/// `onnx`, `tflite` and `synap`, the names the upload API uses).
public enum ModelFormat: String, Sendable, CaseIterable, Codable {
    /// A `torch.save` ZIP archive.
    case pt
    /// A TorchScript (`torch.jit.save`) ZIP archive.
    case torchscript
    /// A pre-1.6 `torch.save` file: pickles and raw storages back to back.
    case ptLegacy = "pt-legacy"
    /// A `torch.export` archive.
    case pt2
    /// A bare pickle.
    case pickle
    /// An ONNX `ModelProto`.
    case onnx
    /// A TFLite FlatBuffer.
    case tflite
    /// A SyNAP bundle (ZIP with `bundle.json`).
    case synap
    /// A SyNAP EBG payload (`EBGX`).
    case ebg
    /// A legacy SyNAP NBG payload (`VPMN`).
    case nbg
    /// A safetensors file.
    case safetensors
    /// A GGUF file.
    case gguf
    /// A legacy GGML/GGMF/GGJT file.
    case ggml
    /// A NumPy `.npy` array.
    case npy
    /// A NumPy `.npz` archive.
    case npz
    /// A ZIP archive that is none of the above.
    case zip
    /// A Hugging Face checkpoint folder.
    case hfCheckpoint = "hf-checkpoint"
    /// Not recognised.
    case unknown

    /// File extensions that usually carry this format (lowercase, without the dot).
    public var usualExtensions: [String] {
        switch self {
        case .pt, .torchscript, .ptLegacy: return ["pt", "pth", "bin", "ckpt", "pkl", "jit", "tar", "pt2"]
        case .pt2: return ["pt2"]
        case .pickle: return ["pkl", "pickle", "bin", "pt", "pth", "joblib", "dat", "data"]
        case .onnx: return ["onnx", "ort", "pb"]
        case .tflite: return ["tflite", "lite", "tfl"]
        case .synap: return ["synap"]
        case .ebg, .nbg: return ["nb", "ebg", "nbg"]
        case .safetensors: return ["safetensors", "sft"]
        case .gguf: return ["gguf"]
        case .ggml: return ["bin", "ggml", "ggjt"]
        case .npy: return ["npy"]
        case .npz: return ["npz"]
        case .zip: return ["zip"]
        case .hfCheckpoint, .unknown: return []
        }
    }
}
