import FormatProbe
import GGUFReader
import ModelArtifact
import ONNXReader
import PTReader
import SafetensorsReader
import SyNAPReader
import TFLiteReader

/// The façade: a path in, a `ModelReport` out. Detects the format, hands the file to its reader,
/// and adds what detection noticed (an extension that disagrees with the content).
public enum ModelInspector {
    /// Inspects the file or folder at `path`. Throws `ArtifactError` when it cannot be read or
    /// breaks its format's rules.
    public static func inspect(path: String) throws -> ModelReport {
        if FolderListing.isFolder(path) {
            let detection = try FormatProbe.detect(path: path)
            if detection.format == .hfCheckpoint {
                return try inspect(folder: LocalFolder(path), as: detection)
            }
        }
        return try inspect(file: MappedFile(path: path))
    }

    /// Inspects a checkpoint folder (local, or an S3 prefix) whose detection said so.
    public static func inspect(folder: some ArtifactFolder, as detection: Detection) throws -> ModelReport {
        var report = try CheckpointFolderReader.read(folder)
        report.findings = detection.findings + report.findings
        return report
    }

    /// Inspects a mapped file (a local file, or a remote object paged in on demand): detection, its
    /// reader, and the pickle judgement its name calls for. One mapping serves them all.
    public static func inspect(file: MappedFile) throws -> ModelReport {
        let detection = FormatProbe.detect(file: file)
        var report = try read(file, as: detection)
        report.findings = detection.findings + report.findings
        if report.verdict == nil, !PTReader.formats.contains(detection.format), loaderUnpickles(file.path, format: detection.format) {
            // Named for a pickle loader: judged as that loader would read it, too (same mapping).
            let judged = judge(file, format: detection.format)
            report.verdict = judged.verdict
            for section in judged.sections { report.set(section) }
            report.findings += judged.findings
        }
        return report
    }

    /// Reads an already mapped file whose format `detection` established.
    public static func read(_ file: MappedFile, as detection: Detection) throws -> ModelReport {
        switch detection.format {
        case .safetensors:
            return try SafetensorsReader.read(file)
        case .gguf:
            return try GGUFReader.read(file)
        case .tflite:
            return try TFLiteReader.read(file)
        case .onnx:
            return try ONNXReader.read(file)
        case .synap, .ebg, .nbg:
            return try SyNAPReader.read(file)
        case .pt, .torchscript, .ptLegacy, .pt2, .pickle, .zip, .npy, .npz:
            return try PTReader.read(file, as: detection.format)
        default:
            var report = ModelReport(path: file.path, format: detection.format, size: file.size)
            if let note = unreadNote(detection.format) {
                report.findings.append(Finding(InspectorFindingCode.notRead, note, location: file.path))
            }
            return report
        }
    }

    /// What to say about a format whose structure this build does not read, or nil.
    static func unreadNote(_ format: ModelFormat) -> String? {
        switch format {
        case .ggml:
            return "legacy GGML containers are recognised but not read: convert to GGUF to inspect tensors"
        case .unknown, .zip:
            return nil
        default:
            return "\(format.rawValue) files are recognised; their structure is not read by this version"
        }
    }
}
